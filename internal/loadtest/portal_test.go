package loadtest_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/loadtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The default mix against the real portal: every sign-in and every page
// succeeds, so the load test matches the portal's login form and cookies.
func TestAgainstPortal(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	srv := httptest.NewServer(e.Handler)
	t.Cleanup(srv.Close)
	var users []string
	for _, p := range []webtest.Principal{webtest.Admin, webtest.ProgramOfficer, webtest.ApplicantA, webtest.Evaluator1} {
		users = append(users, e.Users[p].Email)
	}
	rep, err := loadtest.Run(context.Background(), loadtest.Config{URL: srv.URL, Users: users, Password: webtest.Password,
		Concurrency: 4, Duration: 30 * time.Second, Requests: 200})
	if err != nil {
		t.Fatal(err)
	}
	if rep.All.Count != 200 || rep.All.Errors != 0 || rep.Login.Errors != 0 {
		t.Errorf("count %d, errors %d %v, login errors %d; want 200 answered without errors",
			rep.All.Count, rep.All.Errors, rep.Errors, rep.Login.Errors)
	}
}
