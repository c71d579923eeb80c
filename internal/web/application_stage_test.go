package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// On a two-stage call the page offers the stage; a full application needs
// an invitation after the concept note, a concept note does not.
func TestTwoStageApplyByPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{TwoStage: true})
		a := webtest.ApplicantA
		callPath := "/calls/" + itoa(ae.fx.Call.ID)
		if page := ae.Get(a, callPath).Body.String(); !strings.Contains(page, `name="stage"`) {
			t.Fatal("the call page offers no stage on a two-stage call")
		}
		lot := itoa(ae.fx.Lots[0].ID)
		rec := ae.Post(a, callPath+"/apply", url.Values{"lot_id": {lot}, "stage": {"full"}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("full application without invitation: %d, want 422", rec.Code)
		}
		if loc := ae.postPage(t, a, callPath+"/apply", url.Values{"lot_id": {lot}, "stage": {"concept"}}); !strings.HasSuffix(loc, "/edit/summary") {
			t.Fatalf("concept note: redirected to %q", loc)
		}
		st := application.NewStore(d, nil, nil)
		if err := st.Invite(t.Context(), ae.fx.Call.ID, ae.OrgA.ID); err != nil {
			t.Fatal(err)
		}
		if loc := ae.postPage(t, a, callPath+"/apply", url.Values{"lot_id": {lot}, "stage": {"full"}}); !strings.HasSuffix(loc, "/edit/summary") {
			t.Fatalf("invited full application: redirected to %q", loc)
		}
	})
}
