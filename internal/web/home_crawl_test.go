package web_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/review/scoretest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// crawlLimit bounds the pages each role's crawl opens.
const crawlLimit = 300

var crawlHref = regexp.MustCompile(`<a [^>]*href="([^"]+)"`)

// crawlSkip are links a crawl does not follow: they leave the portal, end
// the session, or are files the pages link for download only.
func crawlSkip(link string) bool {
	return !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") || strings.HasPrefix(link, "/static/") ||
		strings.HasPrefix(link, "/logout") || strings.HasPrefix(link, "/api/")
}

// Every link a role meets on the pages it reaches from its dashboard opens
// for that role: breadth-first from /home, up to crawlLimit pages, no link
// answers 403, 404 or 500 (logout and POST-only actions are forms, not
// links, and are not followed).
func TestEveryLinkARoleMeetsOpens(t *testing.T) {
	d := dbtest.SQLite(t)
	e, fx := dashEnv(t, d)
	scoretest.Grid(t, d, fx.CallID, "full", true)
	scoretest.Member(t, d, fx.CallID, e.Users[webtest.Evaluator1].ID, "evaluator")
	scoretest.Member(t, d, fx.CallID, e.Users[webtest.ProgramOfficer].ID, "chair")
	// Every submitted application has its receipt, so its page links the
	// receipt, attachments, screening and requests for information.
	e.Exec(`INSERT INTO application_snapshots (application_id, content, sha256, created_at)
		SELECT id, '{}', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', created_at FROM applications WHERE status <> 'draft'`)
	for _, p := range webtest.Principals[1:] {
		t.Run(string(p), func(t *testing.T) {
			seen := map[string]string{"/home": "(start)"} // link -> the page that showed it
			queue := []string{"/home"}
			opened := 0
			for len(queue) > 0 && opened < crawlLimit {
				page := queue[0]
				queue = queue[1:]
				rec := e.Get(p, page)
				opened++
				switch rec.Code {
				case http.StatusForbidden, http.StatusNotFound, http.StatusInternalServerError:
					t.Errorf("%s: GET %s answers %d (linked from %s)", p, page, rec.Code, seen[page])
					continue
				}
				if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
					continue
				}
				for _, m := range crawlHref.FindAllStringSubmatch(rec.Body.String(), -1) {
					link := strings.ReplaceAll(m[1], "&amp;", "&")
					if i := strings.IndexByte(link, '#'); i >= 0 {
						link = link[:i]
					}
					if link == "" || crawlSkip(link) {
						continue
					}
					if _, ok := seen[link]; !ok {
						seen[link] = page
						queue = append(queue, link)
					}
				}
			}
			if opened < 5 {
				t.Errorf("%s: the crawl opened only %d pages", p, opened)
			}
			t.Logf("%s: %d pages opened, %d links seen", p, opened, len(seen))
			// The known dead ends of issue 11 are open roads now.
			call := strconv.FormatInt(fx.CallID, 10)
			want := map[webtest.Principal]map[string]string{
				webtest.Evaluator1:     {"/assignments/" + strconv.FormatInt(fx.LateAssignment, 10) + "/review": "/home", "/reviews": "/home"},
				webtest.ProgramOfficer: {"/calls/" + call + "/applications": ""},
				webtest.DonorOfficer: {"/calls/" + call + "/ranking?stage=full": "/home", "/calls/" + call + "/evaluation-report.pdf?stage=full": "/home",
					"/calls/" + call + "/ranking.xlsx?stage=full": "/home"},
			}[p]
			for link, from := range want {
				if got, ok := seen[link]; !ok || (from != "" && got != from) {
					t.Errorf("%s: %s reached from %q, want from %q", p, link, got, from)
				}
			}
		})
	}
}
