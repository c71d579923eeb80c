package browser

import (
	"testing"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The letterhead page passes axe in every language, does not scroll
// sideways at 390 px, and a refused e-mail is shown beside its field.
func TestAccessibilityLetterhead(t *testing.T) {
	h := newAxeHarness(t)
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			b := h.tab(t)
			b.signIn(webtest.ProgramOfficer, lang)
			b.checkPages(lang, "/letterhead")
			b.checkNarrow("/letterhead")
			b.refuse(lang, "/letterhead", `form[action="/letterhead"] button[type="submit"]`, map[string]string{"email": "not an e-mail"}, "f-email")
		})
	}
}
