package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The donor officer of the call's own programme reads its ranking (page,
// API, report and workbook), read-only: it cannot open a session.
func TestAwardDonorReadsItsOwnProgramme(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAwardEnv(t, d)
		var donorOrg int64
		if err := db.Get(context.Background(), d, &donorOrg, `SELECT p.donor_org_id FROM programmes p
			JOIN calls c ON c.programme_id = p.id WHERE c.id = ?`, ae.call); err != nil {
			t.Fatal(err)
		}
		if err := ae.Store.AddMember(context.Background(), ae.Users[webtest.DonorOfficer].ID, donorOrg); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/calls/" + ae.call + "/ranking", "/api/v1/calls/" + ae.call + "/ranking",
			"/calls/" + ae.call + "/evaluation-report.pdf", "/calls/" + ae.call + "/ranking.xlsx"} {
			if rec := ae.Get(webtest.DonorOfficer, path); rec.Code != 200 {
				t.Errorf("donor officer GET %s: %d, want 200", path, rec.Code)
			}
		}
		api := ae.Get(webtest.DonorOfficer, "/api/v1/calls/"+ae.call+"/ranking").Body.String()
		if !strings.Contains(api, `"application_id":`+ae.appA) || strings.Contains(api, "seeded-evaluator") {
			t.Errorf("donor's ranking API: %s", api)
		}
		if rec := ae.Post(webtest.DonorOfficer, "/calls/"+ae.call+"/sessions", nil); rec.Code != 403 {
			t.Errorf("donor officer opening a session: %d, want 403", rec.Code)
		}
	})
}
