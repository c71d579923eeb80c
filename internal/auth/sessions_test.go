package auth

import (
	"testing"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func lastSeen(t *testing.T, d *db.DB, token string) time.Time {
	t.Helper()
	var ts time.Time
	if err := db.Get(ctx, d, &ts, `SELECT last_seen_at FROM sessions WHERE token_hash = ?`, hashToken(token)); err != nil {
		t.Fatalf("last_seen_at: %v", err)
	}
	return ts.UTC()
}

func TestSessionLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newTestStore(d)
		u := mkUser(t, s, "arta@example.org", Evaluator)
		tok, err := s.CreateSession(ctx, u.ID, "Mozilla/5.0")
		if err != nil {
			t.Fatal(err)
		}
		if len(tok) != 43 {
			t.Errorf("token length = %d, want 43", len(tok))
		}
		var stored string
		if err := db.Get(ctx, d, &stored, `SELECT token_hash FROM sessions`); err != nil || stored != hashToken(tok) || stored == tok {
			t.Errorf("stored %q, %v; want the SHA-256 of the token", stored, err)
		}
		got, err := s.SessionUser(ctx, tok)
		if err != nil || got.ID != u.ID {
			t.Fatalf("SessionUser = %+v, %v", got, err)
		}
		clk.Advance(30 * time.Second)
		if _, err := s.SessionUser(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if got := lastSeen(t, d, tok); !got.Equal(start) {
			t.Errorf("last_seen_at = %v after 30 s, want unchanged %v", got, start)
		}
		clk.Advance(29 * time.Minute) // 29.5 min idle: still alive, refreshed
		if _, err := s.SessionUser(ctx, tok); err != nil {
			t.Fatalf("session dead after 29.5 min idle: %v", err)
		}
		if got, want := lastSeen(t, d, tok), start.Add(29*time.Minute+30*time.Second); !got.Equal(want) {
			t.Errorf("last_seen_at = %v, want %v", got, want)
		}
		if err := s.DeleteSession(ctx, tok); err != nil {
			t.Fatal(err)
		}
		_, err = s.SessionUser(ctx, tok)
		wantErr(t, err, apperr.Unauthorized, "auth.error.session_expired")
		if err := s.DeleteSession(ctx, tok); err != nil {
			t.Errorf("second DeleteSession: %v", err)
		}
		for _, bad := range []string{"", "x", tok + "A", tok[:42] + "."} {
			_, err = s.SessionUser(ctx, bad)
			wantErr(t, err, apperr.Unauthorized, "auth.error.session_expired")
		}
	})
}

func TestSessionIdleTimeout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newTestStore(d)
		u := mkUser(t, s, "idle@example.org", Evaluator)
		tok := mkSession(t, s, u.ID)
		clk.Advance(31 * time.Minute)
		_, err := s.SessionUser(ctx, tok)
		wantErr(t, err, apperr.Unauthorized, "auth.error.session_expired")
		if n := count(t, d, `SELECT COUNT(*) FROM sessions`); n != 0 {
			t.Errorf("sessions = %d after idle expiry, want 0 (deleted when seen)", n)
		}
		clk.Advance(-31 * time.Minute) // even with the clock back, it is gone
		_, err = s.SessionUser(ctx, tok)
		wantErr(t, err, apperr.Unauthorized, "auth.error.session_expired")
	})
}

func TestSessionAbsoluteTimeout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newTestStore(d)
		u := mkUser(t, s, "busy@example.org", Evaluator)
		tok := mkSession(t, s, u.ID)
		for i := 0; i < 36; i++ { // active every 20 min for 12 h
			clk.Advance(20 * time.Minute)
			if _, err := s.SessionUser(ctx, tok); err != nil {
				t.Fatalf("active session dead after %v: %v", time.Duration(i+1)*20*time.Minute, err)
			}
		}
		clk.Advance(time.Minute) // 12h01
		_, err := s.SessionUser(ctx, tok)
		wantErr(t, err, apperr.Unauthorized, "auth.error.session_expired")
	})
}

func TestSessionsOfDisabledUserEnd(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		u := mkUser(t, s, "gone@example.org", Applicant)
		a := mkSession(t, s, u.ID)
		b := mkSession(t, s, u.ID)
		if err := s.SetDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{a, b} {
			_, err := s.SessionUser(ctx, tok)
			wantErr(t, err, apperr.Unauthorized, "auth.error.session_expired")
		}
		_, err := s.CreateSession(ctx, u.ID, "")
		wantErr(t, err, apperr.Unauthorized, "auth.error.bad_credentials")
		_, err = s.CreateSession(ctx, u.ID+99, "")
		wantErr(t, err, apperr.Unauthorized, "auth.error.bad_credentials")
	})
}

// A session row that outlives the flag (say, written by an old process) is
// still refused once the user is disabled.
func TestSessionUserChecksDisabledFlag(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		u := mkUser(t, s, "flag@example.org", Applicant)
		tok := mkSession(t, s, u.ID)
		if _, err := db.Exec(ctx, d, `UPDATE users SET disabled = ? WHERE id = ?`, true, u.ID); err != nil {
			t.Fatal(err)
		}
		_, err := s.SessionUser(ctx, tok)
		wantErr(t, err, apperr.Unauthorized, "auth.error.session_expired")
		if n := count(t, d, `SELECT COUNT(*) FROM sessions`); n != 0 {
			t.Errorf("sessions = %d, want 0", n)
		}
	})
}

func TestDeleteUserSessionsAndPurge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newTestStore(d)
		u := mkUser(t, s, "p@example.org", Applicant)
		v := mkUser(t, s, "q@example.org", Applicant)
		mkSession(t, s, u.ID)
		mkSession(t, s, u.ID)
		keep := mkSession(t, s, v.ID)
		if err := s.DeleteUserSessions(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM sessions`); n != 1 {
			t.Errorf("sessions = %d, want 1", n)
		}
		clk.Advance(20 * time.Minute)
		fresh := mkSession(t, s, v.ID)
		clk.Advance(11 * time.Minute)
		n, err := s.PurgeExpired(ctx)
		if err != nil || n != 1 {
			t.Errorf("PurgeExpired = %d, %v; want 1", n, err)
		}
		if _, err := s.SessionUser(ctx, fresh); err != nil {
			t.Errorf("fresh session purged: %v", err)
		}
		_, err = s.SessionUser(ctx, keep)
		wantErr(t, err, apperr.Unauthorized, "auth.error.session_expired")
	})
}

func TestClip(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abcdef", 3, "abc"},
		{"ëëë", 3, "ë"},
		{"a\xffb", 5, "ab"},
	} {
		if got := clip(tt.in, tt.n); got != tt.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
