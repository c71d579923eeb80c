package review_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/review"
)

// cmtFix is a published call with eligible applications, organisations
// and accounts, written directly in SQL for the committee tests.
type cmtFix struct {
	d       *db.DB
	st      *review.Store
	callID  int64
	lotID   int64
	officer int64
	n       int
}

func newCmtFix(t *testing.T, d *db.DB) *cmtFix {
	t.Helper()
	fx := apptest.Call(t, d, apptest.Spec{})
	profiles, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	f := &cmtFix{d: d, st: review.NewStore(d, profiles), callID: fx.Call.ID, lotID: fx.Lots[0].ID}
	f.officer = f.user(t, "program_officer", "en")
	return f
}

func (f *cmtFix) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(context.Background(), f.d, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func (f *cmtFix) insert(t *testing.T, q string, args ...any) int64 {
	t.Helper()
	id, err := db.InsertID(context.Background(), f.d, q+` RETURNING id`, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

// user creates an account with a role and a language.
func (f *cmtFix) user(t *testing.T, role, lang string) int64 {
	t.Helper()
	f.n++
	email := fmt.Sprintf("u%d-%s@test.example", f.n, role)
	return f.insert(t, `INSERT INTO users (email, email_norm, name, lang, role, password_hash, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'x', ?, ?)`, email, email, fmt.Sprintf("User %d", f.n), lang, role, db.Now(), db.Now())
}

// org creates an NGO.
func (f *cmtFix) org(t *testing.T, name string) int64 {
	t.Helper()
	return f.insert(t, `INSERT INTO organisations (name, kind, created_at) VALUES (?, 'ngo', ?)`, name, db.Now())
}

func (f *cmtFix) join(t *testing.T, userID, orgID int64) {
	t.Helper()
	f.exec(t, `INSERT INTO memberships (user_id, org_id, created_at) VALUES (?, ?, ?)`, userID, orgID, db.Now())
}

// app creates an application of org in the full stage with a status,
// submitted by a new applicant writing in lang.
func (f *cmtFix) app(t *testing.T, orgID int64, status, lang string) int64 {
	t.Helper()
	applicant := f.user(t, "applicant", lang)
	f.n++
	return f.insert(t, `INSERT INTO applications (call_id, lot_id, org_id, stage, status, reference, title, currency,
		submitted_by, created_at, updated_at) VALUES (?, ?, ?, 'full', ?, ?, ?, 'EUR', ?, ?, ?)`, f.callID, f.lotID, orgID, status,
		fmt.Sprintf("REF-%d", f.n), fmt.Sprintf("Project %d", f.n), applicant, db.Now(), db.Now())
}

func (f *cmtFix) partner(t *testing.T, appID, orgID int64, name string) {
	t.Helper()
	f.exec(t, `INSERT INTO application_partners (application_id, position, org_id, name, role, share_minor)
		VALUES (?, 1, ?, ?, 'co_applicant', 0)`, appID, orgID, name)
}

// voter adds a new evaluator reading langs to the call's committee.
func (f *cmtFix) voter(t *testing.T, langs string) int64 {
	t.Helper()
	id := f.user(t, "evaluator", "en")
	f.exec(t, `INSERT INTO committee_members (call_id, user_id, role, languages, added_at) VALUES (?, ?, 'evaluator', ?, ?)`,
		f.callID, id, langs, db.Now())
	return id
}

// active counts the active assignments per application.
func (f *cmtFix) active(t *testing.T) map[int64][]int64 {
	t.Helper()
	var rows []struct {
		AppID  int64 `db:"application_id"`
		UserID int64 `db:"user_id"`
	}
	if err := db.Select(context.Background(), f.d, &rows, `SELECT application_id, user_id FROM review_assignments
		WHERE status = 'active' ORDER BY application_id, user_id`); err != nil {
		t.Fatal(err)
	}
	out := map[int64][]int64{}
	for _, r := range rows {
		out[r.AppID] = append(out[r.AppID], r.UserID)
	}
	return out
}

// declare records a declaration directly.
func (f *cmtFix) declare(t *testing.T, appID, userID int64, conflict bool) {
	t.Helper()
	f.exec(t, `INSERT INTO coi_declarations (application_id, user_id, conflict, lang, statement, declared_at)
		VALUES (?, ?, ?, 'en', 'I declare.', ?)`, appID, userID, conflict, db.Now())
}
