package evaldoc

import (
	"strconv"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/i18n"
)

// Each decision's letter, in each language, states the decision, the
// amount or reserve rank, the reasons, the scores per section with maximum
// and threshold, the total and the committee's comment; no evaluator and
// no other applicant appears in it.
func TestLetterContent(t *testing.T) {
	r := newRenderer(t)
	for _, lang := range i18n.Langs {
		rows := testLots(lang)[0].Rows
		for _, row := range []Row{rows[1], rows[2], rows[4]} {
			t.Run(string(lang)+"/"+row.Decision, func(t *testing.T) {
				in := letterFor(lang, row)
				b, err := r.Letter(lang, in)
				if err != nil {
					t.Fatal(err)
				}
				text := pdfText(t, b)
				wantAll(t, "letter", text,
					r.t(lang, "evaldoc.letter.title."+row.Decision), row.Reference, row.Title, row.Applicant,
					in.Call.Title, i18n.Date(lang, decided), "Drita Berisha", in.Comment,
					r.t(lang, "evaldoc.letter.next."+row.Decision), points(lang, row.FinalX100),
					// the frame, the letterhead, the programme line and the signatory
					r.t(lang, "pdf.programme", "name", "EU Kosovo Social Fund"), r.t(lang, "pdf.reference", "reference", row.Reference),
					r.t(lang, "pdf.page_of", "page", 1, "pages", ""), r.t(lang, "pdf.generated", "date", i18n.Date(lang, decided)),
					r.t(lang, "evaldoc.field.programme")+" EU Kosovo Social Fund", "Rruga Agim Ramadani 15, Prishtinë",
					"Qendra për Zhvillim Komunitar", "Valbona Krasniqi", "Drejtoreshë ekzekutive")
				for _, s := range row.Sections {
					// the title, then mean, maximum and threshold on its row
					wantAll(t, "scores", text, s.Title+" "+points(lang, s.MeanX100)+" "+strconv.Itoa(s.Max)+" "+strconv.Itoa(s.Threshold))
				}
				wantAll(t, "total", text, r.t(lang, "evaldoc.col.total")+" "+points(lang, row.FinalX100)+" 100 50")
				switch row.Decision {
				case Award:
					wantAll(t, "award", text, i18n.Money(lang, 40_000_00, "EUR"), i18n.Money(lang, 50_000_00, "EUR"), row.ReducedReason)
				case Reserve:
					wantAll(t, "reserve", text, r.t(lang, "evaldoc.letter.body.reserve", "reference", row.Reference,
						"title", row.Title, "call", in.Call.Title, "rank", 1))
				case Reject:
					wantAll(t, "reject", text, r.t(lang, "evaldoc.col.threshold")+" ("+titles[lang][1]+")", "Nën pragun e kalimit")
				}
				for _, name := range append(evaluator, "Drita Kryetarja", "Đorđe Čolić", "A-001", "Çelësi") {
					if strings.Contains(text, name) {
						t.Errorf("letter names %q", name)
					}
				}
			})
		}
	}
}

// The letter speaks the applicant's language, with its own letters.
func TestLetterLanguages(t *testing.T) {
	r := newRenderer(t)
	row := testLots(i18n.SQ)[0].Rows[0]
	row.Applicant = "Shoqata „Çelësi” Prizren"
	want := map[i18n.Lang][]string{
		i18n.SQ: {"Njoftim për dhënien e grantit", "Të nderuar Drita Berisha,", "Kemi kënaqësinë t'ju njoftojmë",
			"Qëndrueshmëria", "Çelësi", "60.000,00 €", "22 nëntor 2026", "Komisioni i vlerësimit", "Pikët e aplikimit tuaj"},
		i18n.EN: {"Award of a grant", "Dear Drita Berisha,", "We are pleased to inform you", "Sustainability",
			"€60,000.00", "22 November 2026", "The evaluation committee"},
		i18n.SR: {"Obaveštenje o dodeli granta", "Poštovani Drita Berisha,", "Sa zadovoljstvom vas obaveštavamo",
			"Održivost", "60.000,00 €", "22. novembar 2026.", "Komisija za ocenjivanje", "Uskoro ćemo vas kontaktirati"},
	}
	for lang, wants := range want {
		row.Sections = scores(lang, 1800, 2700, 1650, 1250, 1150)
		b, err := r.Letter(lang, letterFor(lang, row))
		if err != nil {
			t.Fatal(err)
		}
		wantAll(t, string(lang)+" letter", pdfText(t, b), wants...)
	}
	in := letterFor(i18n.SR, row)
	in.Organisation, in.Contact = "Udruženje „Đurđevak” Čačak", ""
	b, err := r.Letter(i18n.SR, in)
	if err != nil {
		t.Fatal(err)
	}
	wantAll(t, "sr letter", pdfText(t, b), "Poštovani Udruženje „Đurđevak” Čačak,")
}

func TestLetterShortlist(t *testing.T) {
	r := newRenderer(t)
	row := testLots(i18n.SQ)[0].Rows[0]
	row.Decision, row.AmountMinor = Shortlist, 0
	in := letterFor(i18n.SQ, row)
	in.Call.Stage = StageConcept
	b, err := r.Letter(i18n.SQ, in)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	wantAll(t, "shortlist", text, "Ftesë për dorëzimin e aplikimit të plotë", "u përzgjodh në listën e ngushtë", "Përzgjedhur")
	if strings.Contains(text, "€") {
		t.Error("a shortlist letter shows an amount")
	}
}

func TestLetterRefusesBadInput(t *testing.T) {
	r := newRenderer(t)
	in := letterFor(i18n.EN, testLots(i18n.EN)[0].Rows[0])
	bad := in
	bad.Decision = "maybe"
	if _, err := r.Letter(i18n.EN, bad); err == nil {
		t.Error("unknown decision accepted")
	}
	bad = in
	bad.Call.Stage = ""
	if _, err := r.Letter(i18n.EN, bad); err == nil {
		t.Error("unknown stage accepted")
	}
	bad = in
	bad.Call.Currency = ""
	if _, err := r.Letter(i18n.EN, bad); err == nil {
		t.Error("missing currency accepted")
	}
}

// An award below the request gives the request and the reasons for the
// cut (the cap's reason key, say) in one sentence.
func TestLetterReducedByReasons(t *testing.T) {
	r := newRenderer(t)
	row := testLots(i18n.EN)[0].Rows[1]
	row.ReducedReason = ""
	row.Reasons = []Reason{{Key: "evaldoc.col.threshold", Section: "budget"}}
	b, err := r.Letter(i18n.EN, letterFor(i18n.EN, row))
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	wantAll(t, "reduced letter", text, "You requested €50,000.00; the committee reduced the amount for this reason: Threshold (Budget and cost-effectiveness)")
	if strings.Contains(text, "Reasons") {
		t.Error("the reduction's reasons are repeated under a heading")
	}
}
