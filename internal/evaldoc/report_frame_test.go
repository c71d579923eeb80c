package evaldoc

import (
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc/pdftext"
)

// Every page of the report carries the programme, its reference, the
// generation date and "page x of y"; no page holds a label alone; the
// section columns are headed by the sections' titles in the reader's
// language, never by their codes; the issuer signs at the end.
func TestEvaluationReportFrame(t *testing.T) {
	r := newRenderer(t)
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			in := testReport(lang)
			b, err := r.EvaluationReport(lang, in)
			if err != nil {
				t.Fatal(err)
			}
			pages := pdftext.Pages(t, b)
			frame := []string{r.t(lang, "pdf.programme", "name", "EU Kosovo Social Fund"),
				r.t(lang, "pdf.reference", "reference", "EV/EU-SOC-2026-01/full"),
				r.t(lang, "pdf.generated", "date", i18n.Date(lang, approved))}
			for i, p := range pages {
				page := r.t(lang, "pdf.page_of", "page", i+1, "pages", len(pages))
				body := p
				for _, f := range append(frame, page) {
					if !strings.Contains(p, f) {
						t.Errorf("page %d lacks %q", i+1, f)
					}
					body = strings.ReplaceAll(body, f, "")
				}
				if len(strings.TrimSpace(body)) < 80 {
					t.Errorf("page %d holds little more than a label: %q", i+1, strings.TrimSpace(body))
				}
			}
			text := strings.Join(pages, " ")
			wantAll(t, "report", text, r.t(lang, "evaldoc.field.programme")+" EU Kosovo Social Fund",
				"Qendra për Zhvillim Komunitar", "Rruga Agim Ramadani 15, Prishtinë", "Valbona Krasniqi Drejtoreshë ekzekutive")
			for _, code := range codes {
				if lang == i18n.EN {
					break // English titles and labels contain words such as "capacity" and "budget"
				}
				// the fixture's criteria are titled "Kriter <code>"; any other occurrence is a code shown as a name
				if n, m := strings.Count(text, code), strings.Count(text, "Kriter "+code); n != m {
					t.Errorf("section code %q appears %d times outside criterion titles", code, n-m)
				}
			}
			for _, title := range titles[lang] {
				if !strings.Contains(text, strings.Fields(title)[0]) {
					t.Errorf("section title %q missing", title)
				}
			}
		})
	}
}
