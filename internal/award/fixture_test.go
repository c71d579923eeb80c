package award

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review"
)

// fakeReviews stands in for review.Store.Consolidate with results the test
// chooses.
type fakeReviews struct {
	grid review.Grid
	cons map[int64]review.Consolidated
}

func (f *fakeReviews) Consolidate(_ context.Context, _ int64, _ string) (review.Grid, []review.Consolidated, error) {
	var out []review.Consolidated
	for _, c := range f.cons {
		out = append(out, c)
	}
	return f.grid, out, nil
}

// result is a ready consolidation with a final score (x100) and a
// relevance section; below 5000 it is not fundable.
func result(appID, final int64) review.Consolidated {
	c := review.Consolidated{ApplicationID: appID, FinalX100: final, MeanX100: final, Submitted: 2, Ready: true,
		Fundable: final >= 5000, Sections: []review.SectionResult{{Code: "relevance", MeanX100: final * 3 / 10, Max: 30}}}
	if !c.Fundable {
		c.Reasons = []review.Reason{{Key: "review.reason.below_pass_mark"}}
	}
	return c
}

// fx is a call with a committee and eligible applications inserted in SQL.
type fx struct {
	d        *db.DB
	st       *Store
	fake     *fakeReviews
	call     apptest.Fixture
	chair    int64
	officer  int64
	orgs     []int64
	apps     []int64
	appStage string
}

func insertUser(t testing.TB, d db.Conn, name, role string) int64 {
	t.Helper()
	id, err := db.InsertID(context.Background(), d, `INSERT INTO users (email, email_norm, name, lang, role, password_hash,
		created_at, updated_at) VALUES (?, ?, ?, 'en', ?, 'x', ?, ?) RETURNING id`, name+"@t.example", name+"@t.example",
		name, role, db.Now(), db.Now())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func newFx(t testing.TB, d *db.DB, sp apptest.Spec) *fx {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	f := &fx{d: d, fake: &fakeReviews{cons: map[int64]review.Consolidated{}}, call: apptest.Call(t, d, sp), appStage: "full"}
	f.fake.grid = review.Grid{ReserveSize: 2, TieBreakSection: "relevance"}
	f.st = NewStore(d, f.fake, cat)
	f.chair, f.officer = insertUser(t, d, "chair", "program_officer"), insertUser(t, d, "secretary", "program_officer")
	for _, m := range []struct {
		id   int64
		role string
	}{{f.chair, "chair"}, {f.officer, "secretary"}} {
		if _, err := db.Exec(context.Background(), d, `INSERT INTO committee_members (call_id, user_id, role, added_at)
			VALUES (?, ?, ?, ?)`, f.call.Call.ID, m.id, m.role, db.Now()); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// addApps inserts n eligible applications of new organisations in lot,
// each requesting requested, with a member who submitted it.
func (f *fx) addApps(t testing.TB, lot int, n int, requested int64) []int64 {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	err := f.d.Tx(ctx, func(tx *sqlx.Tx) error {
		for range n {
			k := len(f.apps) + 1
			org, err := db.InsertID(ctx, tx, `INSERT INTO organisations (name, kind, created_at) VALUES (?, 'ngo', ?) RETURNING id`,
				fmt.Sprintf("Org %d", k), db.Now())
			if err != nil {
				return err
			}
			u := insertUser(t, tx, fmt.Sprintf("applicant%d-%d", f.call.Call.ID, k), "applicant")
			if _, err := db.Exec(ctx, tx, `INSERT INTO memberships (user_id, org_id, created_at) VALUES (?, ?, ?)`, u, org, db.Now()); err != nil {
				return err
			}
			at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(k) * time.Minute)
			id, err := db.InsertID(ctx, tx, `INSERT INTO applications (call_id, lot_id, org_id, stage, status, reference, title,
				currency, requested_minor, submitted_at, submitted_by, created_at, updated_at)
				VALUES (?, ?, ?, ?, 'eligible', ?, ?, 'EUR', ?, ?, ?, ?, ?) RETURNING id`, f.call.Call.ID, f.call.Lots[lot].ID,
				org, f.appStage, fmt.Sprintf("%s-%s-%03d", f.call.Call.Reference, strings.ToUpper(f.appStage[:1]), k),
				fmt.Sprintf("Project %d", k), requested, at, u, at, at)
			if err != nil {
				return err
			}
			f.orgs, f.apps, ids = append(f.orgs, org), append(f.apps, id), append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// statuses maps application ids to their statuses.
func (f *fx) statuses(t *testing.T) map[int64]string {
	t.Helper()
	var rows []struct {
		ID     int64  `db:"id"`
		Status string `db:"status"`
	}
	if err := db.Select(context.Background(), f.d, &rows, `SELECT id, status FROM applications`); err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, r := range rows {
		out[r.ID] = r.Status
	}
	return out
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Get(context.Background(), d, &n, q, args...); err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fakeReviews) ConsolidateApplication(_ context.Context, appID int64) (review.Grid, review.Consolidated, error) {
	return f.grid, f.cons[appID], nil
}
