package browser

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// Where JavaScript runs, a changed draft section is saved in the background
// and the status line says so; the saved value is in the database.
func TestAutosaveDraft(t *testing.T) {
	h := newHarness(t)
	d, ctx := h.env.DB, t.Context()
	fx := apptest.Call(t, d, apptest.Spec{})
	profiles, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	st := application.NewStore(d, profiles, h.cat)
	orgA := h.env.OrgA.ID
	draft, err := st.Create(ctx, access.Orgs(orgA), application.NewDraft{CallID: fx.Call.ID, LotID: fx.Lots[0].ID,
		OrgID: orgA, UserID: h.env.Users[webtest.ApplicantA].ID})
	if err != nil {
		t.Fatal(err)
	}
	b := h.tab(t)
	call(b, "shorten the autosave interval", page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: "window.portalAutosaveEvery = 300;"})
	b.signIn(webtest.ApplicantA, i18n.EN)
	b.openOK("/applications/" + itoa(draft.ID) + "/edit/summary")
	b.do("type a title", chromedp.SendKeys("#f-title", "Qendër ditore e ruajtur vetë"))
	var status string
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		b.js(`document.querySelector("[data-autosave-status]").textContent`, &status)
		if status != "" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(status, "saved automatically") {
		t.Fatalf("status line = %q, want the saved message", status)
	}
	// Typing may outlast one interval: later keys are saved by a later round.
	var got application.Application
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if got, err = st.Get(ctx, draft.ID, access.Orgs(orgA)); err != nil {
			t.Fatal(err)
		}
		if got.Title == "Qendër ditore e ruajtur vetë" {
			return
		}
	}
	t.Errorf("saved title = %q", got.Title)
}
