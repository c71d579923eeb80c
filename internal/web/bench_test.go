package web_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// benchEach runs fn on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set.
func benchEach(b *testing.B, fn func(b *testing.B, d *db.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, dbtest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { fn(b, dbtest.Postgres(b)) })
}

// benchRequest sends r as p through the whole handler (headers, router,
// session lookup, guard, template) until the benchmark ends.
func benchRequest(b *testing.B, e *webtest.Env, p webtest.Principal, r webtest.Request) {
	b.ReportAllocs()
	for b.Loop() {
		if rec := e.Do(p, r); rec.Code != http.StatusOK {
			b.Fatalf("%s as %s: status %d", r.Path, p, rec.Code)
		}
	}
}

// A signed-in home page: session and user read, Casbin check, template.
func BenchmarkHomePage(b *testing.B) {
	benchEach(b, func(b *testing.B, d *db.DB) {
		e := webtest.New(b, d)
		benchRequest(b, e, webtest.ProgramOfficer, webtest.Request{Path: "/home"})
	})
}

// The anonymous login form: no database read, template only.
func BenchmarkLoginPage(b *testing.B) {
	benchEach(b, func(b *testing.B, d *db.DB) {
		e := webtest.New(b, d)
		benchRequest(b, e, webtest.Anon, webtest.Request{Path: "/login"})
	})
}

// The API's /me with a Bearer token: token and user read, JSON.
func BenchmarkAPIMe(b *testing.B) {
	benchEach(b, func(b *testing.B, d *db.DB) {
		e := webtest.New(b, d)
		tok, _, err := e.Store.CreateToken(context.Background(), e.Users[webtest.ApplicantA].ID, "bench")
		if err != nil {
			b.Fatal(err)
		}
		benchRequest(b, e, webtest.Anon, webtest.Request{Path: "/api/v1/me",
			Header: map[string]string{"Authorization": "Bearer " + tok}})
	})
}
