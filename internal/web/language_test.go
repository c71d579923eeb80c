package web_test

import (
	"context"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review/scoretest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// Every GET page each role reaches from its home page, followed link by
// link, is rendered in each language a reader may choose (sq, en, sr and
// sr-Cyrl). Outside user content (elements carrying a lang attribute of
// another language, which is how the pages mark stored texts shown in a
// fallback language) a page shows no catalogue key, no internal code
// (capacity, relevance, eu, submitted, info_requested...) and no sentence
// of another language's catalogue.
func TestLanguagePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{Reference: "CFP-LANG-01"})
		humanNames(t, ae.Env)
		// One submitted application with an evaluator assigned, one draft.
		submitted := ae.draftFor(t, webtest.ApplicantA, validBody(t))
		if rec := ae.api(webtest.ApplicantA, "POST", "/api/v1/applications/"+itoa(submitted)+"/submit", nil); rec.Code != 200 {
			t.Fatalf("submit: %d %s", rec.Code, rec.Body)
		}
		ae.draftFor(t, webtest.ApplicantA, validBody(t))
		// The evaluation: a frozen grid, an eligible application scored by
		// both evaluators, the officer chairing.
		callID, lot := ae.fx.Call.ID, ae.fx.Lots[0].ID
		grid := scoretest.Grid(t, d, callID, "full", true)
		scored := scoretest.App(t, d, callID, lot, ae.OrgA.ID, "full", "eligible", "Qendër ditore në Prizren")
		scoretest.Member(t, d, callID, ae.Users[webtest.ProgramOfficer].ID, "chair")
		for i, p := range []webtest.Principal{webtest.Evaluator1, webtest.Evaluator2} {
			scoretest.Member(t, d, callID, ae.Users[p].ID, "evaluator")
			scoretest.Submitted(t, d, grid, scoretest.Assign(t, d, scored, ae.Users[p].ID, false, true), 3+i, 2, 4, 3)
		}
		ae.AssignEvaluator(submitted, webtest.Evaluator1)
		// A signed grant of organisation A with a payment requested.
		pe := &payEnv{Env: ae.Env, fx: ae.fx}
		grant, _ := pe.grant(ae.OrgA.ID, "GA-LANG-1")
		if code, _ := pe.request(webtest.ApplicantA, grant, 800000, "lang-1"); code != http.StatusCreated {
			t.Fatalf("payment request: %d", code)
		}

		lc := webtest.NewLangCheck(t)
		lc.User = webtest.UserTexts(t, d, validBody(t))
		total := 0
		for _, p := range []webtest.Principal{webtest.Anon, webtest.ApplicantA, webtest.Evaluator1, webtest.ProgramOfficer,
			webtest.FinanceOfficer, webtest.DonorOfficer, webtest.Admin} {
			pages := crawl(t, ae.Env, p, 200)
			if len(pages) < 3 {
				t.Errorf("%s reaches only %v", p, pages)
			}
			total += len(pages)
			t.Logf("%s: %d pages", p, len(pages))
			for _, lang := range i18n.Choices {
				setLang(t, ae.Env, p, lang)
				for _, path := range pages {
					rec := ae.Do(p, webtest.Request{Path: path, Header: langCookie(p, lang)})
					if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
						continue
					}
					for _, problem := range lc.Check(lang, rec.Body.String()) {
						t.Errorf("%s %s as %s: %s", lang, path, p, problem)
					}
				}
			}
			if p == webtest.ApplicantA {
				// The officers' pages then show applications whose submitter
				// reads Cyrillic (the application's language is Serbian).
				setLang(t, ae.Env, p, i18n.SRCyrl)
			}
		}
		if total < 40 {
			t.Errorf("the walk reached only %d pages", total)
		}
	})
}

// humanNames gives the test's people and organisations names as users
// type them, so that their snake_case codes and English labels are not
// mistaken for the page's words.
func humanNames(t *testing.T, e *webtest.Env) {
	t.Helper()
	ctx := context.Background()
	for p, name := range map[webtest.Principal]string{webtest.Admin: "Arben Gashi", webtest.ProgramOfficer: "Drita Berisha",
		webtest.Evaluator1: "Luan Hoxha", webtest.Evaluator2: "Mira Kelmendi", webtest.ApplicantA: "Vesa Krasniqi",
		webtest.ApplicantB: "Besa Morina", webtest.FinanceOfficer: "Ilir Shala", webtest.DonorOfficer: "Ana Petrović"} {
		if _, err := db.Exec(ctx, e.DB, `UPDATE users SET name = ? WHERE id = ?`, name, e.Users[p].ID); err != nil {
			t.Fatal(err)
		}
	}
	for old, name := range map[string]string{"Organisation A": "Shoqata Drita", "Intermediary": "Fondacioni Ura", "Donor": "Fondi Alfa"} {
		if _, err := db.Exec(ctx, e.DB, `UPDATE organisations SET name = ? WHERE name = ?`, name, old); err != nil {
			t.Fatal(err)
		}
	}
}

func setLang(t *testing.T, e *webtest.Env, p webtest.Principal, lang i18n.Lang) {
	t.Helper()
	if p == webtest.Anon {
		return
	}
	if err := e.Store.SetLang(t.Context(), e.Users[p].ID, string(lang)); err != nil {
		t.Fatal(err)
	}
}

// langCookie is the visitor's language cookie (what the switcher sets).
func langCookie(p webtest.Principal, lang i18n.Lang) map[string]string {
	if p != webtest.Anon {
		return nil
	}
	return map[string]string{"Cookie": "portal_lang=" + string(lang)}
}

var hrefRe = regexp.MustCompile(`href="(/[^"#]*)"`)

// skipPath are links that are not pages: files, the API, sign-out.
func skipPath(path string) bool {
	for _, s := range []string{"/static/", "/api/", "/logout", "/metrics", "/healthz"} {
		if strings.HasPrefix(path, s) {
			return true
		}
	}
	for _, s := range []string{".pdf", ".xlsx", ".csv", ".xml", ".json", ".zip", "/download", "/file", "/export"} {
		if strings.Contains(path, s) {
			return true
		}
	}
	return false
}

var (
	digitsRe     = regexp.MustCompile(`[0-9]+`)
	queryValueRe = regexp.MustCompile(`=[^&]*`)
)

// pageKind is a path with its ids and query values taken out.
func pageKind(path string) string {
	return queryValueRe.ReplaceAllString(digitsRe.ReplaceAllString(path, "N"), "=")
}

// crawl follows p's links from its home page and returns up to max pages
// that answer 200 with HTML, in Albanian.
func crawl(t *testing.T, e *webtest.Env, p webtest.Principal, max int) []string {
	t.Helper()
	setLang(t, e, p, i18n.SQ)
	start := []string{"/", "/home", "/calls", "/account"}
	seen, kinds := map[string]bool{}, map[string]int{}
	queue := append([]string(nil), start...)
	var pages []string
	for len(queue) > 0 && len(pages) < max {
		path := strings.ReplaceAll(queue[0], "&amp;", "&")
		queue = queue[1:]
		if seen[path] || skipPath(path) {
			continue
		}
		seen[path] = true
		// Pages of one kind (another id, another sort or filter) are the
		// same template: two of each are enough.
		kind := pageKind(path)
		if kinds[kind] >= 2 {
			continue
		}
		kinds[kind]++
		rec := e.Do(p, webtest.Request{Path: path, Header: langCookie(p, i18n.SQ)})
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			continue
		}
		pages = append(pages, path)
		for _, m := range hrefRe.FindAllStringSubmatch(rec.Body.String(), -1) {
			if !seen[m[1]] {
				queue = append(queue, m[1])
			}
		}
	}
	sort.Strings(pages)
	return pages
}

// The check finds what the issue saw: a code, a key, an English sentence
// on an Albanian page, an Albanian one on a Serbian page, Latin Serbian on
// a Cyrillic page; and lets through the reader's words and marked
// fallbacks.
func TestLanguageCheckFinds(t *testing.T) {
	lc := webtest.NewLangCheck(t)
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	page := func(lang i18n.Lang, body string) string {
		return `<!doctype html><html lang="` + string(lang) + `"><head><title>x</title></head><body><main>` + body + `</main></body></html>`
	}
	for _, tc := range []struct {
		lang i18n.Lang
		body string
		want string
	}{
		{i18n.SQ, `<td>capacity</td>`, "an internal code: capacity"},
		{i18n.SQ, `<td>info_requested</td>`, "an internal code: info_requested"},
		{i18n.EN, `<p>[apppages.nothing]</p>`, "a catalogue key: [apppages.nothing]"},
		{i18n.SQ, `<h2>` + cat.T(i18n.EN, "apppages.section.budget") + `</h2>`, "text in en"},
		{i18n.SR, `<h2>` + cat.T(i18n.SQ, "apppages.section.budget") + `</h2>`, "text in sq"},
		{i18n.SRCyrl, `<h2>` + cat.T(i18n.SR, "apppages.section.budget") + `</h2>`, "text in sr"},
		{i18n.EN, `<td><span class="status"> </span></td>`, "a status badge without words"},
	} {
		got := strings.Join(lc.Check(tc.lang, page(tc.lang, tc.body)), "; ")
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s %s: found %q, want %q", tc.lang, tc.body, got, tc.want)
		}
	}
	for _, tc := range []struct {
		lang i18n.Lang
		body string
	}{
		{i18n.SQ, `<h2>` + cat.T(i18n.SQ, "apppages.section.budget") + `</h2>`},
		{i18n.SRCyrl, `<h2>` + cat.T(i18n.SRCyrl, "apppages.section.budget") + `</h2>`},
		{i18n.SR, `<p lang="en">` + cat.T(i18n.EN, "apppages.section.budget") + `</p>`},
		{i18n.SQ, `<script>var a = "info_requested"</script>`},
	} {
		if got := lc.Check(tc.lang, page(tc.lang, tc.body)); len(got) != 0 {
			t.Errorf("%s %s: %v, want nothing", tc.lang, tc.body, got)
		}
	}
}
