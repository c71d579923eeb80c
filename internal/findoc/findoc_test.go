package findoc

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
	"github.com/subgrant/portal/internal/pdfdoc/pdftext"
)

var generated = time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)

func renderer(t testing.TB) *Renderer {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return New(cat)
}

var issuer = pdfdoc.Issuer{Letterhead: &pdfdoc.Letterhead{Name: "UNDP Shqipëri", Address: "Rruga e Kavajës, Tiranë"},
	Signatory: pdfdoc.Signatory{Name: "Elira Çeliku", Function: "Menaxhere e programit"}}

func testSummary() Summary {
	s := Summary{Generated: generated, Issuer: issuer,
		Programme: Programme{ID: 7, Title: "Askush të mos mbetet pas", Donor: "SDC — Zvicra", Currency: "ALL",
			BudgetMinor: 120_000_000_00, StartsOn: "2026-01-01", EndsOn: "2028-12-31"},
		Totals:         Totals{CommittedMinor: 9_000_000_00, PaidMinor: 3_000_000_00, Grants: 2},
		ByMunicipality: []Split{{Code: "AL-TIRANE", Totals: Totals{6_000_000_00, 2_000_000_00, 1}}, {Code: "AL-DURRES", Totals: Totals{3_000_000_00, 1_000_000_00, 1}}},
		ByTargetGroup:  []Split{{Code: "elderly", Totals: Totals{9_000_000_00, 3_000_000_00, 2}}, {Code: "", Totals: Totals{}}},
	}
	s.Grants = []GrantRow{
		{ContractNumber: "UNDP-LNOB-2026-01-001", Organisation: "Shoqata „Zëri i Çdo Qytetari” Lushnjë", Status: "active",
			AmountMinor: 6_000_000_00, CommittedMinor: 6_000_000_00, PaidMinor: 2_000_000_00},
		{ContractNumber: "UNDP-LNOB-2026-01-002", Organisation: "Udruženje „Đurđevak” Čačak — Удружење Ниш", Status: "signed",
			AmountMinor: 3_000_000_00, CommittedMinor: 3_000_000_00, PaidMinor: 1_000_000_00},
	}
	return s
}

// The summary shows the frame on every page, the figures, both breakdowns
// with names in the reader's language (never codes) and every agreement,
// with Albanian, Serbian Latin and Cyrillic text intact.
func TestSummaryPDF(t *testing.T) {
	r := renderer(t)
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			var buf bytes.Buffer
			if err := r.SummaryPDF(&buf, lang, testSummary()); err != nil {
				t.Fatal(err)
			}
			pages := pdftext.Pages(t, buf.Bytes())
			for i, p := range pages {
				for _, w := range []string{r.t(lang, "pdf.programme", "name", "Askush të mos mbetet pas"),
					r.t(lang, "pdf.page_of", "page", i+1, "pages", len(pages)), "FS/7/20261204"} {
					if !strings.Contains(p, w) {
						t.Errorf("page %d lacks %q", i+1, w)
					}
				}
			}
			text := strings.Join(pages, " ")
			m := func(v int64) string { return i18n.Money(lang, v, "ALL") }
			tirane := map[i18n.Lang]string{i18n.SQ: "Tiranë", i18n.EN: "Tirana", i18n.SR: "Tirana"}[lang]
			for _, w := range []string{r.t(lang, "findoc.summary.title"), "UNDP Shqipëri", "Elira Çeliku", "SDC — Zvicra",
				r.t(lang, "findoc.field.budget") + " " + m(120_000_000_00), m(9_000_000_00), m(3_000_000_00),
				tirane, r.t(lang, "org.target.elderly"), r.t(lang, "findoc.unspecified"),
				"UNDP-LNOB-2026-01-001", "UNDP-LNOB-2026-01-002", "Đurđevak”", "Čačak", "Удружење", "Zëri", "Çdo",
				r.t(lang, "findoc.col.total") + " " + m(9_000_000_00) + " " + m(3_000_000_00) + " " + m(6_000_000_00)} {
				if !strings.Contains(text, w) {
					t.Errorf("summary lacks %q", w)
				}
			}
			for _, code := range []string{"AL-TIRANE", "AL-DURRES", "[findoc.", "[org.", "[grants."} {
				if strings.Contains(text, code) {
					t.Errorf("summary shows %q", code)
				}
			}
		})
	}
}

func TestStatementPDF(t *testing.T) {
	r := renderer(t)
	s := Statement{Generated: generated, Issuer: issuer,
		Grant: GrantFacts{ID: 3, ContractNumber: "UNDP-LNOB-2026-01-001", Organisation: "Shoqata „Zëri” Lushnjë", Programme: "Askush të mos mbetet pas",
			Call: "UNDP-LNOB-2026-01", Currency: "ALL", AmountMinor: 6_000_000_00, PaidMinor: 4_800_000_00, StartsOn: "2026-04-01",
			EndsOn: "2027-03-31", Status: "active"},
		Tranches: []Tranche{{1, "prefinancing", "2026-04-01", "paid", 4_800_000_00}, {2, "balance", "2027-06-30", "planned", 1_200_000_00}},
		Payments: []Payment{{"2026-04-10", "BKT-2026-000123", "ALL", 3_000_000_00}, {"2026-05-02", "BKT-2026-000456", "ALL", 1_800_000_00}}}
	for _, lang := range i18n.Langs {
		var buf bytes.Buffer
		if err := r.StatementPDF(&buf, lang, s); err != nil {
			t.Fatal(err)
		}
		text := pdftext.Text(t, buf.Bytes())
		m := func(v int64) string { return i18n.Money(lang, v, "ALL") }
		for _, w := range []string{r.t(lang, "findoc.statement.title", "number", "UNDP-LNOB-2026-01-001"),
			r.t(lang, "pdf.programme", "name", "Askush të mos mbetet pas"), r.t(lang, "pdf.page_of", "page", 1, "pages", 1),
			r.t(lang, "grants.kind.prefinancing"), "2026-04-10 BKT-2026-000123 " + m(3_000_000_00) + " " + m(3_000_000_00),
			"2026-05-02 BKT-2026-000456 " + m(1_800_000_00) + " " + m(4_800_000_00),
			r.t(lang, "findoc.statement.balance", "amount", m(6_000_000_00), "paid", m(4_800_000_00), "balance", m(1_200_000_00))} {
			if !strings.Contains(text, w) {
				t.Errorf("%s: statement lacks %q", lang, w)
			}
		}
	}
}

// A failing write sends nothing: the document is built in memory first
// and an error is returned before the writer sees a byte.
func TestNothingWrittenOnFailure(t *testing.T) {
	r := renderer(t)
	s := testSummary()
	s.Programme.Currency = ""
	w := &countWriter{}
	if err := r.SummaryPDF(w, i18n.SQ, s); err == nil || w.n != 0 {
		t.Fatalf("err %v, %d bytes written", err, w.n)
	}
	if err := r.StatementPDF(w, i18n.SQ, Statement{}); err == nil || w.n != 0 {
		t.Fatalf("err %v, %d bytes written", err, w.n)
	}
}

type countWriter struct{ n int }

func (w *countWriter) Write(b []byte) (int, error) {
	w.n += len(b)
	return len(b), errors.New("closed")
}

// Shares of an agreement among its places add up to the cent; agreements
// naming no place fall under "".
func TestSplitAddsUp(t *testing.T) {
	g := func(id, amount, paid int64, st grant.Status) grant.Agreement {
		return grant.Agreement{Grant: grant.Grant{ID: id, AmountMinor: amount, PaidMinor: paid, Status: st}}
	}
	grants := map[int64]grant.Agreement{1: g(1, 100_01, 33_33, grant.Active), 2: g(2, 50_00, 10_00, grant.Terminated), 3: g(3, 7, 0, grant.Signed)}
	rows := []codeRow{{1, "A"}, {1, "B"}, {1, "C"}, {2, "B"}, {9, "Z"}}
	out := split(grants, rows)
	var c, p int64
	got := map[string]Split{}
	for _, s := range out {
		c, p = c+s.CommittedMinor, p+s.PaidMinor
		got[s.Code] = s
	}
	if c != 100_01+10_00+7 || p != 33_33+10_00 {
		t.Errorf("shares add up to %d committed, %d paid", c, p)
	}
	if got["A"].CommittedMinor != 33_34 || got["B"].CommittedMinor != 33_34+10_00 || got[""].CommittedMinor != 7 || got["Z"].Grants != 0 {
		t.Errorf("shares %+v", got)
	}
	if out[0].Code != "B" {
		t.Errorf("largest first: %+v", out)
	}
}
