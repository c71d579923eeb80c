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

// The breadcrumb trail of a page and its steps (layout base.html).
var (
	crumbNav  = regexp.MustCompile(`(?s)<nav class="crumbs" aria-label="[^"]+"><ol>(.*?)</ol></nav>`)
	crumbStep = regexp.MustCompile(`<li><a href="([^"]+)"[^>]*?( aria-current="page")?>`)
)

// crumbsOf is the hrefs of a page's breadcrumb trail and whether the last
// step, and only it, is marked as the current page.
func crumbsOf(body string) (hrefs []string, currentLast bool, found bool) {
	m := crumbNav.FindStringSubmatch(body)
	if m == nil {
		return nil, false, false
	}
	steps := crumbStep.FindAllStringSubmatch(m[1], -1)
	currentLast = len(steps) > 0
	for i, st := range steps {
		hrefs = append(hrefs, strings.ReplaceAll(st[1], "&amp;", "&"))
		if (st[2] != "") != (i == len(steps)-1) {
			currentLast = false
		}
	}
	return hrefs, currentLast, true
}

// crawlSkip are links a crawl does not follow: they leave the portal, end
// the session, or are files the pages link for download only. The public
// register and map are opened, but not their hundreds of filtered views
// and downloads (a square per municipality, a link per sort), which the
// public area's own tests walk.
func crawlSkip(link string) bool {
	return !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") || strings.HasPrefix(link, "/static/") ||
		strings.HasPrefix(link, "/logout") || strings.HasPrefix(link, "/api/") ||
		strings.HasPrefix(link, "/awards?") || strings.HasPrefix(link, "/awards.") || strings.HasPrefix(link, "/map?")
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
			trails := map[string][]string{}               // page -> its breadcrumb hrefs
			crumbCode := map[string]int{}                 // crumb link -> its status for the role
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
				// Breadcrumbs: every page but the dashboard has a trail from
				// Home to the page itself (its path, aria-current="page", last), and
				// each of its steps opens for the role.
				hrefs, currentLast, found := crumbsOf(rec.Body.String())
				switch {
				case rec.Code != http.StatusOK:
				case page == "/home" && found:
					t.Errorf("%s: the dashboard has a breadcrumb trail", p)
				case page != "/home" && !found:
					t.Errorf("%s: %s has no breadcrumb trail", p, page)
				case page != "/home":
					trails[page] = hrefs
					if path, _, _ := strings.Cut(page, "?"); hrefs[0] != "/home" || hrefs[len(hrefs)-1] != path || !currentLast {
						t.Errorf("%s: %s trail %v: want /home first and the page itself last, marked current", p, page, hrefs)
					}
					for _, h := range hrefs {
						if _, ok := crumbCode[h]; !ok {
							crumbCode[h] = e.Get(p, h).Code
						}
						if crumbCode[h] != http.StatusOK {
							t.Errorf("%s: %s: breadcrumb %s answers %d", p, page, h, crumbCode[h])
						}
					}
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
			checkTrails(t, p, trails)
			for link, from := range want {
				if got, ok := seen[link]; !ok || (from != "" && got != from) {
					t.Errorf("%s: %s reached from %q, want from %q", p, link, got, from)
				}
			}
		})
	}
}

// trailWant is the breadcrumb path of a role's pages: a page pattern and
// its trail, both with N for any id.
var trailWant = map[webtest.Principal]map[string]string{
	webtest.ApplicantA: {
		"/applications/N":             "/home /applications /applications/N",
		"/applications/N/attachments": "/home /applications /applications/N /applications/N/attachments",
		"/applications/N/receipt":     "/home /applications /applications/N /applications/N/receipt",
	},
	webtest.Evaluator1: {
		"/assignments/N/review": "/home /reviews /applications/N /assignments/N/review",
		"/applications/N":       "/home /reviews /applications/N",
	},
	webtest.ProgramOfficer: {
		"/applications/N":             "/home /manage/calls /manage/calls/N /calls/N/applications /applications/N",
		"/applications/N/screening":   "/home /manage/calls /manage/calls/N /calls/N/applications /applications/N /applications/N/screening",
		"/calls/N/applications":       "/home /manage/calls /manage/calls/N /calls/N/applications",
		"/calls/N/ranking?stage=full": "/home /manage/calls /manage/calls/N /calls/N/ranking",
	},
	webtest.FinanceOfficer: {
		"/payments/N": "/home /payments /payments/N",
	},
	webtest.DonorOfficer: {
		"/programmes/N":               "/home /programmes /programmes/N",
		"/calls/N/ranking?stage=full": "/home /calls /calls/N /calls/N/ranking",
	},
}

var digits = regexp.MustCompile(`[0-9]+`)

// checkTrails compares the trails of the pages the crawl opened with the
// role's path in trailWant; each pattern must have been met at least once.
func checkTrails(t *testing.T, p webtest.Principal, trails map[string][]string) {
	t.Helper()
	for pattern, want := range trailWant[p] {
		met := false
		for page, hrefs := range trails {
			if digits.ReplaceAllString(page, "N") != pattern {
				continue
			}
			met = true
			if got := digits.ReplaceAllString(strings.Join(hrefs, " "), "N"); got != want {
				t.Errorf("%s: %s trail %s, want %s", p, page, got, want)
			}
		}
		if !met {
			t.Errorf("%s: the crawl met no page %s", p, pattern)
		}
	}
}
