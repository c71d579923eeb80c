package report

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
)

func userOf(t *testing.T, d *db.DB, name string) int64 {
	var id int64
	one(t, d, &id, `INSERT INTO users (email, email_norm, name, role, password_hash, created_at, updated_at)
		VALUES (?, ?, ?, 'applicant', 'x', ?, ?) RETURNING id`, name+"@t.example", name+"@t.example", name, db.Now(), db.Now())
	return id
}

// A queued report is built once by the worker, however many claim it at
// once; its requester and users of the same scope fetch it, nobody else.
func TestJobs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFx(t, d)
		ctx := context.Background()
		pf := f.progs["eu"]
		owner, colleague, stranger := userOf(t, d, "owner"), userOf(t, d, "colleague"), userOf(t, d, "stranger")
		scope := func(user, org int64) access.Scope {
			return access.For(access.Principal{UserID: user, Role: "applicant", OrgIDs: []int64{org}}, access.OwnOrg)
		}
		req := f.request(ExpenditureList, "eu", XLSX, i18n.EN, scope(owner, pf.orgA))
		id, err := f.reg.Enqueue(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if j, err := f.reg.Job(ctx, id, scope(owner, pf.orgA)); err != nil || j.Status != JobQueued || j.Percent() != 0 {
			t.Fatalf("queued job = %+v, %v", j, err)
		}
		if _, err := f.reg.JobFile(ctx, id, scope(owner, pf.orgA)); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("file before it is built: %v, want not found", err)
		}
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := f.reg.RunNext(ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		j, err := f.reg.Job(ctx, id, scope(colleague, pf.orgA))
		if err != nil || j.Status != JobDone || j.Percent() != 100 {
			t.Fatalf("built job seen by a colleague = %+v, %v", j, err)
		}
		doc, err := f.reg.JobFile(ctx, id, scope(owner, pf.orgA))
		if err != nil || len(doc.Body) < 1000 || doc.FileName == "" {
			t.Fatalf("file = %q %d bytes, %v", doc.FileName, len(doc.Body), err)
		}
		readBook(t, doc.Body).checkFormulas(t)
		if _, err := f.reg.Job(ctx, id, scope(stranger, pf.orgB)); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another organisation's user: %v, want not found", err)
		}
		if _, err := f.reg.JobFile(ctx, id, scope(stranger, pf.orgB)); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another organisation's user fetches the file: %v, want not found", err)
		}
		// B's grant cannot even be queued by A.
		req.GrantID = pf.grantB
		if _, err := f.reg.Enqueue(ctx, req); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("queueing B's list as A: %v, want not found", err)
		}
		// A job whose build fails ends failed, with the reason, and no file.
		ex(t, d, `INSERT INTO report_jobs (name, format, lang, requested_by, role, relation, scope_key, created_at)
			VALUES ('no-such', 'xlsx', 'en', ?, 'applicant', 'own_org', 'x', ?)`, owner, db.Now())
		if _, err := f.reg.RunNext(ctx); err == nil {
			t.Error("a failing build reported no error")
		}
		var status, key string
		one(t, d, &status, `SELECT status FROM report_jobs WHERE name = 'no-such'`)
		one(t, d, &key, `SELECT error_key FROM report_jobs WHERE name = 'no-such'`)
		if status != JobFailed || key != "report.error.unknown" {
			t.Errorf("failed job: %s %s", status, key)
		}
		if ran, _ := f.reg.RunNext(ctx); ran {
			t.Error("a job ran twice")
		}
	})
}

// Rows counts what a report will write, through the scope; finished jobs
// older than a week are purged.
func TestRowsAndPurge(t *testing.T) {
	f := newFx(t, dbtest.SQLite(t))
	ctx := context.Background()
	pf := f.progs["eu"]
	n, err := f.reg.Rows(ctx, f.request(DisbursementLedger, "eu", XLSX, i18n.EN, staff()))
	if err != nil || n != len(pf.paid) {
		t.Errorf("ledger rows = %d, %v; want %d", n, err, len(pf.paid))
	}
	n, err = f.reg.Rows(ctx, f.request(ExpenditureList, "eu", XLSX, i18n.EN, applicant(pf.orgA)))
	var want int
	one(t, f.d, &want, `SELECT COUNT(*) FROM expenditures e JOIN grantee_reports r ON r.id = e.report_id WHERE r.grant_id = ?`, pf.grantA)
	if err != nil || n != want {
		t.Errorf("expenditure rows = %d, %v; want %d", n, err, want)
	}
	if _, err := f.reg.Rows(ctx, f.request(DisbursementLedger, "eu", XLSX, i18n.EN, applicant(pf.orgA))); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("an applicant counts a programme's ledger: %v", err)
	}
	user := userOf(t, f.d, "old")
	old := db.Now().Add(-8 * 24 * time.Hour)
	for _, at := range []time.Time{old, db.Now()} {
		ex(t, f.d, `INSERT INTO report_jobs (name, format, lang, requested_by, role, relation, scope_key, status, created_at, finished_at)
			VALUES ('ranking', 'xlsx', 'en', ?, 'admin', 'any', 'k', 'done', ?, ?)`, user, at, at)
	}
	if err := f.reg.PurgeJobs(ctx); err != nil {
		t.Fatal(err)
	}
	var left int
	one(t, f.d, &left, `SELECT COUNT(*) FROM report_jobs`)
	if left != 1 {
		t.Errorf("%d jobs left after the purge, want the recent one", left)
	}
}
