package search_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/search"
)

// One table over one world: what each searcher finds for each query, in
// order. Accents fold both ways, Serbian Cyrillic folds to Latin, the
// municipality is found by its name in each language, exact references
// rank first, and nobody finds what its scope does not reach.
func TestFind(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		for _, c := range []struct {
			who, q string
			want   string
		}{
			// Folding: the query without accents, the name with them, and back.
			{"officer", "Peje", "application:a1 organisation:A grant:g1 payment_request:pr1"},
			{"officer", "Pejë", "application:a1 organisation:A grant:g1 payment_request:pr1"},
			{"officer", "Gracanica", "application:a3 application:a2 organisation:B"},
			{"officer", "Gračanica", "application:a3 application:a2 organisation:B"},
			{"officer", "Грачаница", "application:a3 application:a2 organisation:B"},
			// The municipality by its name in each language (A and a1 are in Pejë).
			{"officer", "PEĆ", "application:a1 organisation:A"},
			{"officer", "Пећ", "application:a1 organisation:A"},
			{"officer", "peja", "application:a1 organisation:A"},
			{"officer", "udruzenje", "application:a3 application:a2 organisation:B"},
			{"officer", "Qender ditore", "application:a1 grant:g1 payment_request:pr1"},
			// References: part of one, and the exact one first.
			{"officer", "C1-0001", "application:a1 application:a2 grant:g1 payment_request:pr1"},
			{"officer", "c1 00010", "application:a2"},
			{"officer", "GA-C1-0001", "grant:g1 payment_request:pr1"},
			{"officer", "70123456", "organisation:A"},
			// The IBAN, as printed or compact.
			{"officer", "XK05 1212 0123 4567 8906", "organisation:A grant:g1 payment_request:pr1"},
			{"officer", "xk05 1212", "organisation:A grant:g1 payment_request:pr1"},
			{"officer", "XK051212012345678906", "organisation:A grant:g1 payment_request:pr1"},
			// Drafts are their organisation's alone.
			{"officer", "sekret", ""},
			{"donor", "sekret", ""},
			{"applicantA", "sekret", "application:a4"},
			{"applicantB", "sekret", "application:a5"},
			// An applicant finds its own organisation's items only.
			{"applicantA", "C2", ""},
			{"applicantA", "Gracanica", ""},
			{"applicantB", "C2", "application:a3"},
			{"applicantB", "Qendra", ""},
			// A donor officer its programmes' items and organisations.
			{"donor", "C2", ""},
			{"donor", "Elbasan", ""},
			{"officer", "Elbasan", "application:e1 organisation:E"},
			{"donor", "udruzenje", "application:a2 organisation:B"},
			{"donor", "C1-0001", "application:a1 application:a2 grant:g1 payment_request:pr1"},
		} {
			if got := strings.Join(w.found(t, c.who, c.q), " "); got != c.want {
				t.Errorf("%s searches %q: got %q, want %q", c.who, c.q, got, c.want)
			}
		}
	})
}

// The exact reference is marked and ranks first even where the id order
// alone would put another first.
func TestExactReferenceFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		groups, err := search.Find(context.Background(), d, w.scopes("officer"),
			search.Query{Terms: search.Parse("c1-0001"), Kind: search.Applications, PerPage: 10})
		if err != nil || len(groups) != 1 || len(groups[0].Hits) != 2 {
			t.Fatalf("groups %+v, err %v", groups, err)
		}
		if h := groups[0].Hits; h[0].ID != w.ids["a1"] || !h[0].Exact || h[1].Exact {
			t.Errorf("hits %+v: want a1 exact first, then a2", h)
		}
	})
}

// A renamed organisation is found by its new name at once, with its
// applications, grants and payment requests, and no longer by the old one.
func TestRenamedFoundAtOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		if _, err := db.Exec(context.Background(), d, `UPDATE organisations SET name = 'Shoqata Zogaj' WHERE id = ?`, w.ids["A"]); err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Join(w.found(t, "officer", "zogaj"), " "), "application:a1 organisation:A grant:g1 payment_request:pr1"; got != want {
			t.Errorf("new name: got %q, want %q", got, want)
		}
		if got := w.found(t, "officer", "Qendra"); len(got) != 0 {
			t.Errorf("old name still finds %v", got)
		}
		if _, err := db.Exec(context.Background(), d, `UPDATE applications SET title = 'Titull i ri' WHERE id = ?`, w.ids["a1"]); err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Join(w.found(t, "officer", "titull"), " "), "application:a1 grant:g1 payment_request:pr1"; got != want {
			t.Errorf("new title: got %q, want %q", got, want)
		}
		// The profile (legal name, municipality), and a municipality taken off an application.
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.Exec(context.Background(), d, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		if got := strings.Join(w.found(t, "officer", "Graçanicë"), " "); got != "organisation:B" {
			t.Errorf("B's municipality by its Albanian name finds %q before the change", got)
		}
		exec(`UPDATE organisation_profiles SET legal_name = 'Emri Ligjor Xhufka', municipality = 'XK-PRIZREN' WHERE org_id = ?`, w.ids["B"])
		if got, want := strings.Join(w.found(t, "officer", "xhufka prizren"), " "), "organisation:B"; got != want {
			t.Errorf("new profile: got %q, want %q", got, want)
		}
		if got := w.found(t, "officer", "Graçanicë"); len(got) != 0 {
			t.Errorf("B's old municipality still finds %v", got)
		}
		exec(`DELETE FROM application_municipalities WHERE application_id = ?`, w.ids["a1"])
		if got := strings.Join(w.found(t, "officer", "pec"), " "); got != "organisation:A" {
			t.Errorf("after a1 left Pejë, pec finds %q, want organisation:A", got)
		}
		// A deleted item leaves the index.
		exec(`DELETE FROM payment_requests WHERE id = ?`, w.ids["pr1"])
		if got := strings.Join(w.found(t, "officer", "GA-C1-0001"), " "); got != "grant:g1" {
			t.Errorf("after deleting pr1, the contract finds %q", got)
		}
	})
}

// No query text breaks the query: operators, quotes, stars, SQL, any
// script, any length; none is an error.
func TestHostileQueries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		for _, q := range []string{`a OR`, `OR`, `"`, `""`, `*`, `Pej*`, `NEAR(a b)`, `a AND NOT b`, `-a`, `^a`, `a:b`,
			`col:x`, `'; DROP TABLE search_index; --`, `%`, `_`, `\`, `a & b | !c`, `:*`, `'a':*`, `(`, `)`, `{}`, "\x00",
			"\xff\xfe", "½ ² Ⅻ ٣", "ـ", "ㅤ", "\u0301", "a\u200db", "\u00ad", "ꙮ", "ǅ", "ß", `中文搜索`, `🙂`, `Ωμέγα`, `العربية`, strings.Repeat("Pejë ", 5000), strings.Repeat("x", 100000)} {
			if _, err := search.Find(context.Background(), d, w.scopes("officer"), search.Query{Terms: search.Parse(q), PerPage: 5}); err != nil {
				t.Errorf("%.40q: %v", q, err)
			}
		}
		if got := w.found(t, "officer", `"Pejë*" (`); !slices.Contains(got, "organisation:A") {
			t.Errorf(`"Pejë*" ( finds %v, want A among them`, got)
		}
	})
}
