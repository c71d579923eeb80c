package web_test

import (
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// A reader sees a call's title in the same language on the call's page,
// its ranking and its session (i18n.Pick), and a title shown in another
// language than the page's carries that lang (WCAG 3.1.2).
func TestCallTitleSameLanguageOnEveryPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAwardEnv(t, d)
		sess := ae.open(t)
		const sq, en = "Thirrja shqip", "The call in English"
		ae.Exec(`UPDATE calls SET title_sq = ?, title_en = ?, title_sr = '' WHERE id = ?`, sq, en, ae.call)
		pages := []string{"/calls/" + ae.call, "/calls/" + ae.call + "/ranking", sess, "/calls/" + ae.call + "/committee"}
		setLang := func(lang string) {
			t.Helper()
			if err := ae.Store.SetLang(t.Context(), ae.Users[webtest.ProgramOfficer].ID, lang); err != nil {
				t.Fatal(err)
			}
		}
		check := func(lang, want, notWant string) {
			t.Helper()
			for _, path := range pages {
				rec := ae.Get(webtest.ProgramOfficer, path)
				body := rec.Body.String()
				if rec.Code != 200 || !strings.Contains(body, `<html lang="`+lang+`"`) {
					t.Fatalf("%s %s: %d, page language not %s", lang, path, rec.Code, lang)
				}
				if !strings.Contains(body, want) {
					t.Errorf("%s %s: the call title is not shown as %s", lang, path, want)
				}
				if strings.Contains(body, notWant) {
					t.Errorf("%s %s: the page shows %q", lang, path, notWant)
				}
			}
		}
		// Serbian, no Serbian title: English (the fallback's first), marked.
		setLang("sr")
		check("sr", `<span lang="en">`+en+`</span>`, sq)
		// Serbian, only Albanian: Albanian, marked.
		ae.Exec(`UPDATE calls SET title_en = '' WHERE id = ?`, ae.call)
		check("sr", `<span lang="sq">`+sq+`</span>`, en)
		// Albanian reader of the Albanian title: no lang of its own.
		setLang("sq")
		check("sq", sq, `<span lang="sq">`)
	})
}
