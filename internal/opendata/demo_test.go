package opendata

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/demo"
)

// The seeded demo's programmes (the COVID-19 programme in Kosovo with its
// 47 agreements and payments, and the day-care programme) export files
// that pass the official schemas, list every agreement, and carry the
// ledger's disbursements and the signed commitments to the cent.
func TestDemoExports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := demo.Seed(ctx, d, "demo-opendata-password", false); err != nil {
			t.Fatalf("seed the demo: %v", err)
		}
		for _, pc := range []struct{ name, title, country string }{
			{"covid", demo.CovidProgramme, "XK"}, {"daycare", demo.DayCareProgramme, "XK"},
			{"lnb", demo.LNBProgramme, "AL"}, {"unicef", demo.UNICEFProgramme, "AL"}, {"consortium", demo.ConsortiumProgramme, "XK"},
		} {
			title := pc.title
			var id, donor int64
			if err := db.Get(ctx, d, &id, `SELECT id FROM programmes WHERE title = ?`, title); err != nil {
				t.Fatalf("%s: %v", title, err)
			}
			if err := db.Get(ctx, d, &donor, `SELECT donor_org_id FROM programmes WHERE id = ?`, id); err != nil {
				t.Fatal(err)
			}
			checkDemoProgramme(t, d, id, donor, pc.name, title, pc.country)
		}
	})
}

func checkDemoProgramme(t *testing.T, d *db.DB, id, donor int64, name, title, country string) {
	t.Helper()
	ctx := context.Background()
	var want struct {
		Grants    int   `db:"grants"`
		Committed int64 `db:"committed"`
	}
	if err := db.Get(ctx, d, &want, `SELECT COUNT(*) AS grants, COALESCE(SUM(CASE WHEN status <> 'draft' THEN amount_minor ELSE 0 END), 0)
		AS committed FROM grants WHERE programme_id = ?`, id); err != nil {
		t.Fatal(err)
	}
	var ledger int64
	if err := db.Get(ctx, d, &ledger, `SELECT COALESCE(SUM(y.amount_minor), 0) FROM payments y JOIN grants g ON g.id = y.grant_id
		WHERE g.programme_id = ?`, id); err != nil {
		t.Fatal(err)
	}
	if want.Grants == 0 || ledger == 0 {
		t.Fatalf("the demo's %s programme has %d agreements and %d paid: every story pays a tranche", name, want.Grants, ledger)
	}
	if title == demo.CovidProgramme && (want.Grants != 47 || ledger == 0) {
		t.Fatalf("the demo's COVID-19 programme has %d agreements and %d paid: the seed changed", want.Grants, ledger)
	}
	ex, err := NewStore(d).Load(ctx, id, access.Donor(donor)) // what its donor officer downloads, today
	if err != nil {
		t.Fatal(err)
	}
	iati, giving := render(t, ex)
	var doc iatiActivities
	if err := xml.Unmarshal(iati, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Activities[0].Status.Code != "2" {
		t.Errorf("%s: programme status %s, want 2 (implementation: it runs from two months ago)", title, doc.Activities[0].Status.Code)
	}
	if len(doc.Activities) != want.Grants+1 {
		t.Errorf("%s: %d activities, want the programme and %d agreements", title, len(doc.Activities), want.Grants)
	}
	var paid, committed int64
	for _, a := range doc.Activities[1:] {
		for _, tx := range a.Transactions {
			switch tx.Type.Code {
			case txCommitment:
				committed += minor(t, tx.Value.Amount)
			case txDisbursement:
				paid += minor(t, tx.Value.Amount)
			}
		}
		for _, c := range a.Countries {
			if c.Code != country {
				t.Errorf("%s: recipient country %s, want %s", a.Identifier, c.Code, country)
			}
		}
	}
	if paid != ledger || committed != want.Committed {
		t.Errorf("%s IATI: disbursed %d and committed %d, the ledger %d and the signed agreements %d", title, paid, committed,
			ledger, want.Committed)
	}
	var pkg struct {
		Grants []struct {
			AmountDisbursed     json.Number
			BeneficiaryLocation []map[string]any
		}
	}
	if err := json.Unmarshal(giving, &pkg); err != nil {
		t.Fatal(err)
	}
	var disbursed int64
	for _, g := range pkg.Grants {
		disbursed += minor(t, g.AmountDisbursed.String())
		for _, loc := range g.BeneficiaryLocation {
			if _, ok := loc["countryCode"]; ok && country == "XK" {
				t.Errorf("%s 360Giving: Kosovo location %v has a countryCode", title, loc)
			}
		}
	}
	if len(pkg.Grants) != want.Grants || disbursed != ledger {
		t.Errorf("%s 360Giving: %d grants disbursing %d, want %d and the ledger's %d", title, len(pkg.Grants), disbursed,
			want.Grants, ledger)
	}
	t.Run(name+" schemas", func(t *testing.T) {
		std := standardsDir(t)
		validateIATI(t, std, iati)
		checkCodes(t, std, iati, true)
		validateGiving(t, std, giving)
	})
}
