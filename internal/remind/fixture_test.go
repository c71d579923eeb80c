package remind

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
)

// The fixture writes the rows of the earlier stages straight into their
// tables: two programmes, whose calls run in Europe/Tirane and in
// Asia/Tokyo (eight hours apart in December), and the items each reminder
// is about.

var ctx = context.Background()

var seq atomic.Int64

type world struct {
	t   testing.TB
	d   *db.DB
	r   *Runner
	now time.Time

	tirane, tokyo int64 // calls
	orgA, orgB    int64
	a1, a2        int64 // members of A: sq and en
	b1            int64 // member of B: sr
	evaluator     int64 // en
	infoApp       int64
	draftApp      int64
	report, late  int64 // reports of B's grant: due in 5 days, due 6 days ago
	document      int64
	info          int64 // the request for information
	assignment    int64 // the evaluator's pending reviews, of one call, due together
	assignment2   int64
}

func loadCat(t testing.TB) *i18n.Catalogue {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func (w *world) exec(q string, args ...any) {
	w.t.Helper()
	if _, err := db.Exec(ctx, w.d, q, args...); err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
}

func (w *world) id(q string, args ...any) int64 {
	w.t.Helper()
	id, err := db.InsertID(ctx, w.d, q+" RETURNING id", args...)
	if err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
	return id
}

func (w *world) user(role, lang string, org int64) int64 {
	n := seq.Add(1)
	email := fmt.Sprintf("r%d@example.org", n)
	id := w.id(`INSERT INTO users (email, email_norm, name, lang, role, password_hash, created_at, updated_at)
		VALUES (?, ?, 'User', ?, ?, 'x', ?, ?)`, email, email, lang, role, t0, t0)
	if org != 0 {
		w.exec(`INSERT INTO memberships (user_id, org_id, created_at) VALUES (?, ?, ?)`, id, org, t0)
	}
	return id
}

func (w *world) app(call, lot, org int64, status string) int64 {
	return w.id(`INSERT INTO applications (call_id, lot_id, org_id, stage, status, reference, title, currency, created_at, updated_at)
		VALUES (?, ?, ?, 'full', ?, ?, 'Qendër ditore', 'EUR', ?, ?)`, call, lot, org, status, fmt.Sprintf("APP-%d", seq.Add(1)), t0, t0)
}

// t0 is the fixture's creation time; day is d0 the Monday the story starts.
var (
	t0 = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	d0 = time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
)

// at is a moment on day+n days, at hh:mm UTC.
func at(n, hh, mm int) time.Time {
	return d0.AddDate(0, 0, n).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

func newWorld(t testing.TB, d *db.DB) *world {
	t.Helper()
	w := &world{t: t, d: d}
	w.r = New(d, loadCat(t))
	w.r.Now = func() time.Time { return w.now }
	donor := w.id(`INSERT INTO organisations (name, kind, created_at) VALUES ('Donor', 'donor', ?)`, t0)
	programme := func(title string) int64 {
		return w.id(`INSERT INTO programmes (title, donor_org_id, donor_profile, currency, subgrant_budget_minor,
			third_party_cap_minor, starts_on, ends_on, created_at, updated_at) VALUES (?, ?, 'eu', 'EUR', 100000000, 0,
			'2026-01-01', '2028-12-31', ?, ?)`, title, donor, t0, t0)
	}
	// one programme run in Albania's time, one in Japan's
	albania, japan := programme("Kujdes"), programme("Care abroad")
	call := func(prog int64, zone string, closes time.Time) (int64, int64) {
		c := w.id(`INSERT INTO calls (programme_id, reference, title_sq, title_en, title_sr, time_zone, state, opens_at, closes_at,
			created_at, updated_at) VALUES (?, ?, 'Thirrja', 'The call', 'Poziv', ?, 'published', ?, ?, ?, ?)`,
			prog, fmt.Sprintf("CFP-%d", seq.Add(1)), zone, t0, closes, t0, t0)
		return c, w.id(`INSERT INTO call_lots (call_id, position, name, budget_minor) VALUES (?, 1, 'Lot', 10000000)`, c)
	}
	var tiraneLot, tokyoLot int64
	w.tirane, tiraneLot = call(albania, "Europe/Tirane", at(2, 16, 0))
	w.tokyo, tokyoLot = call(japan, "Asia/Tokyo", at(60, 16, 0))
	w.orgA = w.id(`INSERT INTO organisations (name, kind, created_at) VALUES ('Shoqata A', 'ngo', ?)`, t0)
	w.orgB = w.id(`INSERT INTO organisations (name, kind, created_at) VALUES ('Udruženje B', 'ngo', ?)`, t0)
	w.a1, w.a2 = w.user("applicant", "sq", w.orgA), w.user("applicant", "en", w.orgA)
	w.b1 = w.user("applicant", "sr", w.orgB)
	w.evaluator = w.user("evaluator", "en", 0)
	w.user("applicant", "sq", 0) // a user of no organisation: never reminded

	// Tirane: a request for information due in two days, a draft on a call
	// closing in two days, and A's statute expiring in twenty.
	w.infoApp = w.app(w.tirane, tiraneLot, w.orgA, "info_requested")
	w.info = w.id(`INSERT INTO info_requests (application_id, due_at, asked_at) VALUES (?, ?, ?)`, w.infoApp, at(2, 15, 0), t0)
	answered := w.app(w.tirane, tiraneLot, w.orgB, "submitted")
	w.id(`INSERT INTO info_requests (application_id, due_at, asked_at, answered_at) VALUES (?, ?, ?, ?)`, answered, at(1, 15, 0), t0, t0)
	w.draftApp = w.app(w.tirane, tiraneLot, w.orgA, "draft")
	w.document = w.id(`INSERT INTO organisation_documents (org_id, doc_type, file_name, stored_name, content_type, size_bytes,
		sha256, valid_until, created_at) VALUES (?, 'statute', 'statuti.pdf', ?, 'application/pdf', 10, 'x', ?, ?)`,
		w.orgA, fmt.Sprintf("s%d", seq.Add(1)), d0.AddDate(0, 0, 20), t0)
	w.id(`INSERT INTO organisation_documents (org_id, doc_type, file_name, stored_name, content_type, size_bytes,
		sha256, valid_until, created_at) VALUES (?, 'tax_certificate', 'tax.pdf', ?, 'application/pdf', 10, 'x', ?, ?)`,
		w.orgA, fmt.Sprintf("s%d", seq.Add(1)), d0.AddDate(0, 0, 45), t0)

	// Tokyo: B's signed grant with a report due in five days, one six days
	// late and one far off; a review due tomorrow and one submitted.
	awarded := w.app(w.tokyo, tokyoLot, w.orgB, "awarded")
	g := w.id(`INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number, currency, amount_minor,
		donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'EUR', 1000000, 9000, '2026-01-01', '2027-12-31', 'yearly', 'active', 'sr', ?, ?)`,
		awarded, japan, w.tokyo, w.orgB, fmt.Sprintf("G-%d", seq.Add(1)), t0, t0)
	report := func(pos int, due time.Time, status string) int64 {
		return w.id(`INSERT INTO grantee_reports (grant_id, kind, position, period_start, period_end, due_on, status, created_at, updated_at)
			VALUES (?, 'interim', ?, '2026-01-01', '2026-06-30', ?, ?, ?, ?)`, g, pos, due.Format(dateLayout), status, t0, t0)
	}
	w.report = report(1, d0.AddDate(0, 0, 5), "draft")
	w.late = report(2, d0.AddDate(0, 0, -6), "due")
	report(3, d0.AddDate(0, 0, 23), "due")
	report(4, d0.AddDate(0, 0, 2), "submitted")
	reviewed := w.app(w.tokyo, tokyoLot, w.orgA, "eligible")
	w.assignment = w.id(`INSERT INTO review_assignments (application_id, user_id, assigned_at, due_at) VALUES (?, ?, ?, ?)`,
		reviewed, w.evaluator, t0, at(1, 8, 0))
	w.assignment2 = w.id(`INSERT INTO review_assignments (application_id, user_id, assigned_at, due_at) VALUES (?, ?, ?, ?)`,
		w.app(w.tokyo, tokyoLot, w.orgB, "eligible"), w.evaluator, t0, at(1, 8, 0))
	done := w.app(w.tokyo, tokyoLot, w.orgB, "eligible")
	ra := w.id(`INSERT INTO review_assignments (application_id, user_id, assigned_at, due_at) VALUES (?, ?, ?, ?)`,
		done, w.evaluator, t0, at(1, 8, 0))
	grid := w.id(`INSERT INTO eval_grids (call_id, stage, created_at, updated_at) VALUES (?, 'full', ?, ?)`, w.tokyo, t0, t0)
	w.exec(`INSERT INTO reviews (assignment_id, grid_id, status, submitted_at, created_at, updated_at) VALUES (?, ?, 'submitted', ?, ?, ?)`,
		ra, grid, t0, t0, t0)
	return w
}

// sent lists the reminders' guard rows as kind/item/user/bucket.
func (w *world) sent() map[string]bool {
	w.t.Helper()
	var rows []struct {
		Kind   string `db:"kind"`
		Item   int64  `db:"item_id"`
		User   int64  `db:"user_id"`
		Bucket string `db:"bucket"`
	}
	if err := db.Select(ctx, w.d, &rows, `SELECT kind, item_id, user_id, bucket FROM reminders_sent`); err != nil {
		w.t.Fatal(err)
	}
	out := map[string]bool{}
	for _, r := range rows {
		out[key(r.Kind, r.Item, r.User, r.Bucket)] = true
	}
	return out
}

func key(kind string, item, user int64, bucket string) string {
	return fmt.Sprintf("%s/%d/%d/%s", kind, item, user, bucket)
}

func (w *world) count(q string, args ...any) int {
	w.t.Helper()
	var n int
	if err := db.Get(ctx, w.d, &n, q, args...); err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// ref is the reference of the application of assignment id.
func (w *world) ref(id int64) string {
	w.t.Helper()
	var ref string
	if err := db.Get(ctx, w.d, &ref, `SELECT a.reference FROM review_assignments ra JOIN applications a ON a.id = ra.application_id
		WHERE ra.id = ?`, id); err != nil {
		w.t.Fatal(err)
	}
	return ref
}
