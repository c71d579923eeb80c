package i18n

import (
	"reflect"
	"testing"
)

// The CLDR cardinal rules, through golang.org/x/text, for the counts the
// issue names, and the catalogue's plural messages built on them.
func TestPluralCounts(t *testing.T) {
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := map[Lang]map[int64]string{
		SQ:     {0: "0 aplikime", 1: "1 aplikim", 2: "2 aplikime", 5: "5 aplikime", 21: "21 aplikime"},
		EN:     {0: "0 applications", 1: "1 application", 2: "2 applications", 5: "5 applications", 21: "21 applications"},
		SR:     {0: "0 prijava", 1: "1 prijava", 2: "2 prijave", 5: "5 prijava", 21: "21 prijava"},
		SRCyrl: {0: "0 пријава", 1: "1 пријава", 2: "2 пријаве", 5: "5 пријава", 21: "21 пријава"},
	}
	for l, counts := range want {
		for n, w := range counts {
			if got := cat.N(l, "apppages.mine.caption", n); got != w {
				t.Errorf("N(%s, %d) = %q, want %q", l, n, got, w)
			}
		}
	}
	forms := map[Lang]map[int64]string{
		SQ: {0: "other", 1: "one", 2: "other", 5: "other", 21: "other"},
		EN: {0: "other", 1: "one", 2: "other", 5: "other", 21: "other"},
		SR: {0: "other", 1: "one", 2: "few", 5: "other", 21: "one", 22: "few", 11: "other", 12: "other", 111: "other", 104: "few"},
	}
	for l, m := range forms {
		for n, w := range m {
			if got := PluralForm(l, n); got != w {
				t.Errorf("PluralForm(%s, %d) = %q, want %q", l, n, got, w)
			}
		}
	}
	// The reminder's count, no more "evaluation(s)" or "nezavršen(ih)".
	for l, counts := range map[Lang]map[int64]string{
		SQ: {0: "0 vlerësime të papërfunduara", 1: "1 vlerësim të papërfunduar", 2: "2 vlerësime të papërfunduara", 5: "5 vlerësime të papërfunduara", 21: "21 vlerësime të papërfunduara"},
		EN: {0: "0 unfinished evaluations", 1: "1 unfinished evaluation", 2: "2 unfinished evaluations", 5: "5 unfinished evaluations", 21: "21 unfinished evaluations"},
		SR: {0: "0 nezavršenih ocenjivanja", 1: "1 nezavršeno ocenjivanje", 2: "2 nezavršena ocenjivanja", 5: "5 nezavršenih ocenjivanja", 21: "21 nezavršeno ocenjivanje"},
	} {
		for n, w := range counts {
			if got := cat.N(l, "committee.mail.pending", n); got != w {
				t.Errorf("N(%s, pending, %d) = %q, want %q", l, n, got, w)
			}
		}
	}
	if got := cat.N(EN, "org.count", 1234); got != "1,234 organisations" {
		t.Errorf("the count is formatted for the reader: %q", got)
	}
	for l, w := range map[Lang][]string{SQ: {"one", "other"}, EN: {"one", "other"}, SR: {"few", "one", "other"}} {
		if got := PluralForms(l); !reflect.DeepEqual(got, w) {
			t.Errorf("PluralForms(%s) = %v, want %v", l, got, w)
		}
	}
}

// A plural message lacking a category its language needs, or holding one
// it does not use, is reported as missing.
func TestMissingPluralForms(t *testing.T) {
	c := &Catalogue{msgs: map[Lang]map[string]string{
		SQ: {"x#one": "1", "x#other": "n"},
		EN: {"x#one": "1", "x#other": "n", "x#few": "f"},
		SR: {"x#one": "1", "x#other": "n"},
	}}
	m := c.Missing()
	if len(m[SQ]) != 0 {
		t.Errorf("sq: %v", m[SQ])
	}
	if !reflect.DeepEqual(m[EN], []string{"x#few (unused)"}) {
		t.Errorf("en: %v", m[EN])
	}
	if !reflect.DeepEqual(m[SR], []string{"x#few"}) {
		t.Errorf("sr: %v", m[SR])
	}
	if !c.Has("x") {
		t.Error("Has on a plural message's key")
	}
}

// The captions that count things agree with their count in every
// language (the ones that once read "1 requests" or "2 zahteva").
func TestCountCaptions(t *testing.T) {
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang Lang
		key  string
		want map[int64]string
	}{
		{SR, "payments.rates.caption", map[int64]string{0: "0 kurseva, najnoviji mesec prvi", 1: "1 kurs", 2: "2 kursa, najnoviji mesec prvi", 5: "5 kurseva, najnoviji mesec prvi", 21: "21 kurs"}},
		{SRCyrl, "reporting.recovery.count_open", map[int64]string{0: "0 отворених", 1: "1 отворен", 2: "2 отворена", 5: "5 отворених", 21: "21 отворен"}},
		{EN, "payments.queue.caption", map[int64]string{0: "0 requests, oldest first", 1: "1 request", 2: "2 requests, oldest first", 5: "5 requests, oldest first", 21: "21 requests, oldest first"}},
		{SQ, "org.services_totals", map[int64]string{1: "1 shërbim, kapaciteti 3, 4 përfitues në vit.", 21: "21 shërbime, kapaciteti 3, 4 përfitues në vit."}},
		{SR, "grants.pending_call", map[int64]string{1: "K-1: 1 dodela", 2: "K-1: 2 dodele", 5: "K-1: 5 dodela", 21: "K-1: 21 dodela"}},
		{EN, "grants.count_total", map[int64]string{1: "1 agreement in all", 2: "2 agreements in all"}},
		{SR, "report.large.text", map[int64]string{50001: "Ovaj izveštaj ima 50.001 red: priprema se u pozadini, a preuzimate ga kada bude gotov.",
			50002: "Ovaj izveštaj ima 50.002 reda: priprema se u pozadini, a preuzimate ga kada bude gotov."}},
	} {
		for n, w := range tc.want {
			if got := cat.N(tc.lang, tc.key, n, "capacity", "3", "beneficiaries", "4", "call", "K-1"); got != w {
				t.Errorf("N(%s, %s, %d) = %q, want %q", tc.lang, tc.key, n, got, w)
			}
		}
	}
}
