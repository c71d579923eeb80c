package demo

import (
	"context"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
)

// checkProgrammes: the demo has the COVID-19 programme's open call in two
// lots with published clarifications, and the co-financed day-care
// programme, and the three further programmes (LNB, the social fund, the consortium); seeding twice adds nothing (TestSeedApplications seeds twice
// before calling it).
func checkProgrammes(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	var n int
	if err := db.Get(ctx, d, &n, `SELECT COUNT(*) FROM programmes`); err != nil || n != 5 {
		t.Fatalf("%d programmes (%v), want 5 (COVID-19, day care, LNB, the social fund, the consortium)", n, err)
	}
	cs := call.NewStore(d)
	c, err := cs.ByReference(ctx, CovidCall)
	if err != nil {
		t.Fatal(err)
	}
	if !call.IsOpen(c, time.Now()) || call.Deadline(c).Sub(time.Now()) < 29*day {
		t.Errorf("the COVID-19 call is not open for about 30 days: %v", call.Deadline(c))
	}
	lots, _ := cs.Lots(ctx, c.ID)
	qs, _ := cs.Questions(ctx, c.ID, access.Visitor())
	if len(lots) != 2 || len(qs) != 3 {
		t.Errorf("%d lots and %d public clarifications, want 2 and 3", len(lots), len(qs))
	}
	var sum int64
	if err := db.Get(ctx, d, &sum, `SELECT SUM(s.amount_minor) FROM programme_funding_sources s
		JOIN programmes p ON p.id = s.programme_id WHERE p.title = ?`, DayCareProgramme); err != nil || sum != 40_000_000 {
		t.Errorf("day-care funding %d (%v), want 400,000.00", sum, err)
	}
}
