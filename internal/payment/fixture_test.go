package payment

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
)

// world is what a payment test needs from the other parts of issue 9,
// written straight into their tables: a programme and call, grantee
// organisations, users and signed grants with their tranches.
type world struct {
	t     testing.TB
	d     *db.DB
	st    *Store
	call  apptest.Fixture
	progs int64 // the call's programme
	seq   atomic.Int64
}

func newWorld(t testing.TB, d *db.DB) *world {
	t.Helper()
	w := &world{t: t, d: d, st: NewStore(d)}
	w.call = apptest.Call(t, d, apptest.Spec{Reference: fmt.Sprintf("CFP-PAY-%d", time.Now().UnixNano()%1e6)})
	w.progs = w.call.Call.ProgrammeID
	return w
}

func (w *world) exec(q string, args ...any) {
	w.t.Helper()
	if _, err := db.Exec(context.Background(), w.d, q, args...); err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
}

func (w *world) id(q string, args ...any) int64 {
	w.t.Helper()
	id, err := db.InsertID(context.Background(), w.d, q, args...)
	if err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
	return id
}

// org is a new grantee organisation.
func (w *world) org() int64 {
	w.t.Helper()
	o, err := auth.NewStore(w.d).CreateOrg(context.Background(), fmt.Sprintf("NGO %d", w.seq.Add(1)), "ngo")
	if err != nil {
		w.t.Fatal(err)
	}
	return o.ID
}

// user is a new user of role, member of orgs.
func (w *world) user(role string, orgs ...int64) int64 {
	w.t.Helper()
	n := w.seq.Add(1)
	now := db.Now()
	id := w.id(`INSERT INTO users (email, email_norm, name, lang, role, password_hash, disabled, created_at, updated_at)
		VALUES (?, ?, ?, 'en', ?, 'x', ?, ?, ?) RETURNING id`, fmt.Sprintf("u%d@pay.test", n), fmt.Sprintf("u%d@pay.test", n),
		fmt.Sprintf("User %d", n), role, false, now, now)
	for _, o := range orgs {
		w.exec(`INSERT INTO memberships (user_id, org_id, created_at) VALUES (?, ?, ?)`, id, o, now)
	}
	return id
}

// grant is a signed grant of org for amount, with tranches of the given
// amounts, all due.
func (w *world) grant(org, amount int64, tranches ...int64) (int64, []int64) {
	w.t.Helper()
	n := w.seq.Add(1)
	now := db.Now()
	app := w.id(`INSERT INTO applications (call_id, lot_id, org_id, stage, status, currency, created_at, updated_at)
		VALUES (?, ?, ?, 'full', 'awarded', 'EUR', ?, ?) RETURNING id`, w.call.Call.ID, w.call.Lots[0].ID, org, now, now)
	g := w.id(`INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number, currency, amount_minor,
		donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, iban, bank_name, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'EUR', ?, 9000, '2026-01-01', '2026-12-31', 'prefinancing_balance', 'signed', 'en',
		'XK051212012345678906', 'Bank', ?, ?) RETURNING id`, app, w.progs, w.call.Call.ID, org, fmt.Sprintf("GA-%d", n), amount, now, now)
	var ids []int64
	for i, a := range tranches {
		ids = append(ids, w.id(`INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on, requires, status)
			VALUES (?, ?, 'interim', ?, '2026-02-01', 'signature', 'due') RETURNING id`, g, i+1, a))
	}
	return g, ids
}

// approved is a request already verified and approved, ready to pay.
func (w *world) approved(g int64, tranche *int64, amount int64) int64 {
	w.t.Helper()
	return w.id(`INSERT INTO payment_requests (grant_id, tranche_id, amount_minor, currency, status, idempotency_key,
		requested_at) VALUES (?, ?, ?, 'EUR', 'approved', ?, ?) RETURNING id`, g, tranche, amount,
		fmt.Sprintf("k%d", w.seq.Add(1)), db.Now())
}

func (w *world) count(q string, args ...any) int64 {
	w.t.Helper()
	var n int64
	if err := db.Get(context.Background(), w.d, &n, q, args...); err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// staff is an actor of a staff user (relation any).
func staff(id int64) Actor {
	return Actor{UserID: id, Scope: access.For(access.Principal{UserID: id, Role: "finance_officer"}, access.Any)}
}

// grantee is the actor of an applicant user of org.
func grantee(id, org int64) Actor {
	return Actor{UserID: id, Scope: access.For(access.Principal{UserID: id, Role: "applicant", OrgIDs: []int64{org}}, access.OwnOrg)}
}

var ctx = context.Background()

func payIn(amount int64) PayInput {
	return PayInput{PaidOn: time.Now().UTC().Format("2006-01-02"), BankReference: "TRX-1", AmountMinor: amount}
}
