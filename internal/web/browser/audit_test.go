package browser

import (
	"testing"

	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The audit page passes axe in every language and fits 390 px (the full
// hashes are long unbroken strings).
func TestAuditPage(t *testing.T) {
	h := newAxeHarness(t)
	env := h.env
	b := env.Users[webtest.ApplicantB].ID
	ctx := audit.WithActor(t.Context(), audit.Actor{UserID: env.Users[webtest.Admin].ID, Role: "admin", RequestID: "req-browser-audit"})
	for _, disabled := range []bool{true, false} {
		if err := env.Store.SetDisabled(ctx, b, disabled); err != nil {
			t.Fatal(err)
		}
	}
	path := "/audit/user/" + itoa(b)
	for _, lang := range []i18n.Lang{i18n.SQ, i18n.EN, i18n.SR} {
		t.Run(string(lang), func(t *testing.T) {
			tb := h.tab(t)
			tb.signIn(webtest.Admin, lang)
			tb.checkPages(lang, path)
			tb.checkNarrow(path)
		})
	}
}
