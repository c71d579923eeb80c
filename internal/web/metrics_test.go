package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// hasLine reports whether the exposition text has exactly this line.
func hasLine(body, line string) bool {
	for _, l := range strings.Split(body, "\n") {
		if l == line {
			return true
		}
	}
	return false
}

// /metrics counts requests by route pattern and status, keeps latency
// histograms and shows the database pool, for an admin by session or token.
func TestMetrics(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	for _, path := range []string{"/healthz", "/healthz", "/no/such"} {
		e.Get(webtest.Anon, path)
	}
	token, _, err := e.Store.CreateToken(context.Background(), e.Users[webtest.Admin].ID, "prometheus")
	if err != nil {
		t.Fatal(err)
	}
	bySession := e.Get(webtest.Admin, "/metrics")
	byToken := e.Do(webtest.Anon, webtest.Request{Path: "/metrics", Header: map[string]string{"Authorization": "Bearer " + token}})

	for name, rec := range map[string]*httptest.ResponseRecorder{"session": bySession, "token": byToken} {
		if rec.Code != http.StatusOK {
			t.Fatalf("metrics by %s: %d", name, rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
			t.Errorf("metrics by %s: content type %q", name, ct)
		}
	}
	for name, body := range map[string]string{"session": bySession.Body.String(), "token": byToken.Body.String()} {
		for _, line := range []string{
			`portal_http_requests_total{method="GET",route="/healthz",status="200"} 2`,
			`portal_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
			`portal_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"} 2`,
			`portal_http_request_duration_seconds_count{method="GET",route="/healthz"} 2`,
			`# TYPE portal_http_request_duration_seconds histogram`,
		} {
			if !hasLine(body, line) {
				t.Errorf("metrics by %s lack the line %s", name, line)
			}
		}
		if !regexp.MustCompile(`(?m)^portal_db_open_connections\{driver="sqlite"\} \d+$`).MatchString(body) {
			t.Errorf("metrics by %s lack portal_db_open_connections{driver=\"sqlite\"}", name)
		}
		if strings.Contains(body, "/no/such") {
			t.Errorf("metrics by %s label an unmatched path by itself (unbounded cardinality)", name)
		}
		checkBuckets(t, body, `method="GET",route="/healthz"`)
	}
	if !hasLine(byToken.Body.String(), `portal_http_requests_total{method="GET",route="/metrics",status="200"} 1`) {
		t.Error("the second scrape does not count the first")
	}

	applicant, _, _ := e.Store.CreateToken(context.Background(), e.Users[webtest.ApplicantA].ID, "nosy")
	for what, h := range map[string]map[string]string{
		"an applicant's token": {"Authorization": "Bearer " + applicant},
		"a bad token":          {"Authorization": "Bearer sgp_nonsense"},
		"nothing":              nil,
	} {
		rec := e.Do(webtest.Anon, webtest.Request{Path: "/metrics", Header: h})
		if rec.Code == http.StatusOK || strings.Contains(rec.Body.String(), "portal_http_requests_total") {
			t.Errorf("metrics with %s: %d", what, rec.Code)
		}
	}
	if got := e.Get(webtest.ApplicantA, "/metrics").Code; got != http.StatusForbidden {
		t.Errorf("metrics for an applicant's session: %d, want 403", got)
	}
}

// checkBuckets checks that a histogram's buckets are cumulative and end at
// its count.
func checkBuckets(t *testing.T, body, labels string) {
	t.Helper()
	re := regexp.MustCompile(`(?m)^portal_http_request_duration_seconds_bucket\{` + regexp.QuoteMeta(labels) + `,le="([^"]+)"\} (\d+)$`)
	var last uint64
	matches := re.FindAllStringSubmatch(body, -1)
	if len(matches) < 2 {
		t.Fatalf("%d buckets for %s", len(matches), labels)
	}
	for _, m := range matches {
		n, _ := strconv.ParseUint(m[2], 10, 64)
		if n < last {
			t.Errorf("bucket le=%s of %s is %d, below the previous %d", m[1], labels, n, last)
		}
		last = n
	}
	if matches[len(matches)-1][1] != "+Inf" {
		t.Errorf("the last bucket of %s is le=%s, want +Inf", labels, matches[len(matches)-1][1])
	}
}
