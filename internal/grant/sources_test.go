package grant

import (
	"context"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
)

// The shares of the sources add up to 100 %, the last taking the rounding.
func TestWithShares(t *testing.T) {
	got := withShares([]Source{{Name: "EU", AmountMinor: 38_000_000}, {Name: "Ministry", AmountMinor: 2_000_000}})
	if got[0].ShareBP != 9500 || got[1].ShareBP != 500 {
		t.Errorf("shares %+v, want 95 %% and 5 %%", got)
	}
	got = withShares([]Source{{AmountMinor: 1}, {AmountMinor: 1}, {AmountMinor: 1}})
	if got[0].ShareBP != 3333 || got[1].ShareBP != 3333 || got[2].ShareBP != 3334 {
		t.Errorf("thirds %+v, want 3333, 3333, 3334", got)
	}
	if got := withShares([]Source{{Name: "none", AmountMinor: 0}}); got[0].ShareBP != 0 {
		t.Errorf("share of nothing %+v", got)
	}
}

// The agreement PDF prints the programme's funding sources, in their order,
// with their amounts and shares, beside the schedule.
func TestAgreementPDFSources(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFix(t, d, "eu")
		g := signedGrant(t, f)
		for i, src := range []Source{{Name: "Bashkimi Evropian", AmountMinor: 38_000_000}, {Name: "Ministria e Financave", AmountMinor: 2_000_000}} {
			if _, err := db.Exec(ctx, d, `INSERT INTO programme_funding_sources (programme_id, position, name, amount_minor)
				VALUES (?, ?, ?, ?)`, f.prog, i+1, src.Name, src.AmountMinor); err != nil {
				t.Fatal(err)
			}
		}
		ss, err := f.store.Sources(ctx, g.ProgrammeID)
		if err != nil || len(ss) != 2 || ss[0].Name != "Bashkimi Evropian" || ss[1].ShareBP != 500 {
			t.Fatalf("sources %+v, %v", ss, err)
		}
		ts, _ := f.store.Tranches(ctx, g.ID, everything)
		b, err := PDF(cat, Document{Grant: g, Tranches: ts, Sources: ss, Issuer: "Fondacioni", Date: t0})
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, b)
		for _, w := range []string{"Burimet e financimit të programit", "Bashkimi Evropian", "380.000,00 €", "95 %",
			"Ministria e Financave", "20.000,00 €", "5 %"} {
			if !strings.Contains(text, w) {
				t.Errorf("%q missing from %s", w, text)
			}
		}
		b, _ = PDF(cat, Document{Grant: g, Tranches: ts, Issuer: "Fondacioni", Date: t0})
		if strings.Contains(pdfText(t, b), "Burimet e financimit") {
			t.Error("a programme without sources prints their heading")
		}
	})
}

// A tranche splits between the sources by their shares and the parts add
// up to it, the last source taking the rounding.
func TestSplitBySources(t *testing.T) {
	ss := []Source{{Name: "EU", ShareBP: 9500}, {Name: "Ministry", ShareBP: 500}}
	for _, c := range []struct {
		amount int64
		want   []int64
	}{{3_092_918, []int64{2_938_272, 154_646}}, {1, []int64{0, 1}}, {0, []int64{0, 0}}} {
		got := Split(c.amount, ss)
		if len(got) != 2 || got[0] != c.want[0] || got[1] != c.want[1] || got[0]+got[1] != c.amount {
			t.Errorf("Split(%d) = %v, want %v", c.amount, got, c.want)
		}
	}
	if Split(100, nil) != nil {
		t.Error("a split without sources")
	}
}
