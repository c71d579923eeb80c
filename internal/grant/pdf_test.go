package grant

import (
	"context"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
	"github.com/subgrant/portal/internal/pdfdoc/pdftext"
)

// pdfText is the text of PDF b as a reader sees it.
func pdfText(t *testing.T, b []byte) string { return pdftext.Text(t, b) }

func TestAgreementPDF(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFix(t, d, "eu")
		g := signedGrant(t, f)
		exec2 := `UPDATE grants SET special_conditions = 'Raportet dorëzohen çdo tremujor në gjuhën shqipe.' WHERE id = ?`
		if _, err := db.Exec(ctx, d, exec2, g.ID); err != nil {
			t.Fatal(err)
		}
		g, _ = f.store.Get(ctx, g.ID, everything)
		ls, _ := f.store.Lines(ctx, g.ID, everything)
		ts, _ := f.store.Tranches(ctx, g.ID, everything)
		long := "Koordinatore e projektit me kohë të plotë për 12 muaj, përfshirë kontributet sociale dhe sigurimin shëndetësor, Đakovica–Čačak"
		ls[0].Description = long
		head := pdfdoc.Issuer{Letterhead: &pdfdoc.Letterhead{Name: "Fondacioni Ndërmjetës", Address: "Rruga Nënë Tereza 5, Prishtinë"},
			Signatory: pdfdoc.Signatory{Name: "Besa Gashi", Function: "Drejtoreshë"}}
		for _, c := range []struct {
			lang  string
			wants []string
		}{
			{"sq", []string{"Marrëveshje granti " + g.ContractNumber, "Shoqata Ëndërr", "Kushtet e veçanta", "dorëzohen çdo tremujor",
				"Parafinancim", "38.160,00 €", "47.700,00 €", "XK05 1212 0123 4567 8906", "Shtojca: buxheti i veprimit", "Burime njerëzore", "2026-02-25"}},
			{"en", []string{"Grant agreement " + g.ContractNumber, "Pre-financing", "38,160.00", "Annex: budget of the action", "Human resources"}},
		} {
			g.Lang = c.lang
			b, err := PDF(cat, Document{Grant: g, Lines: ls, Tranches: ts, Profile: f.store.Profiles["eu"], Issuer: "Fondacioni Ndërmjetës", Head: head, Date: t0})
			if err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, b)
			// the frame, the letterhead and signatory; the annex's description wrapped in full
			c.wants = append(c.wants, cat.T(i18n.Lang(c.lang), "pdf.programme", "name", g.ProgrammeTitle),
				cat.T(i18n.Lang(c.lang), "pdf.page_of", "page", 1, "pages", ""), "Rruga Nënë Tereza 5, Prishtinë", "Besa Gashi Drejtoreshë")
			for _, word := range strings.Fields(long) {
				c.wants = append(c.wants, word)
			}
			if strings.Contains(text, "…") {
				t.Errorf("%s: a cell cut short", c.lang)
			}
			for _, w := range c.wants {
				if !strings.Contains(text, w) {
					t.Errorf("%s: %q missing from %s", c.lang, w, text)
				}
			}
			if strings.Contains(text, "[grants.") {
				t.Errorf("%s: a missing key in %s", c.lang, text)
			}
		}
	})
}
