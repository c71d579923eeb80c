package reporting_test

import (
	"context"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/reporting"
)

// fx is a grant of organisation Org on an application with two budget
// lines (1: 10,000.00 under heading 1, 2: 5,000.00 under heading 3) and
// one logframe indicator measuring the programme indicator's result.
type fx struct {
	d       *db.DB
	s       *reporting.Store
	Org     int64
	Other   int64 // an organisation with no grant
	Grant   int64
	Reports []reporting.Report
}

var profiles donor.Profiles

func init() {
	var err error
	if profiles, err = donor.Load(); err != nil {
		panic(err)
	}
}

// tranche is a fixture row of grant_tranches.
type tranche struct {
	kind, requires, status string
	amount                 int64
}

// newGrant makes a grant of amount (EUR cents, 80 % donor share) from start
// to end under rule, paid paid, with tranches ts, and its calendar.
func newGrant(t *testing.T, d *db.DB, ref, start, end, rule string, amount, paid int64, ts []tranche) fx {
	t.Helper()
	ctx := context.Background()
	f := apptest.Call(t, d, apptest.Spec{Reference: ref})
	as := auth.NewStore(d)
	org, err := as.CreateOrg(ctx, "Grantee "+ref, "ngo")
	if err != nil {
		t.Fatal(err)
	}
	other, err := as.CreateOrg(ctx, "Other "+ref, "ngo")
	if err != nil {
		t.Fatal(err)
	}
	now := db.Now()
	app, err := db.InsertID(ctx, d, `INSERT INTO applications (call_id, lot_id, org_id, stage, status, title, currency,
		logframe, created_at, updated_at) VALUES (?, ?, ?, 'full', 'awarded', 'T', 'EUR', ?, ?, ?) RETURNING id`,
		f.Call.ID, f.Lots[0].ID, org.ID,
		`{"objectives":["O"],"indicators":[{"result":"Families served","indicator":"Families","target":"40"},{"result":"Own result","indicator":"Sessions","target":"10"}]}`,
		now, now)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range []struct {
		h     string
		total int64
	}{{"1", 1000000}, {"3", 500000}} {
		if _, err := db.Exec(ctx, d, `INSERT INTO application_budget_lines (application_id, position, heading, description,
			unit, units_x100, unit_rate_minor, total_minor, requested_minor, cofinancing_minor)
			VALUES (?, ?, ?, 'Line', 'u', 100, ?, ?, ?, 0)`, app, i+1, l.h, l.total, l.total, l.total); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(ctx, d, `INSERT INTO programme_indicators (programme_id, position, result, indicator, target)
		VALUES (?, 1, 'Families served', 'Families reached', '1000')`, f.Call.ProgrammeID); err != nil {
		t.Fatal(err)
	}
	gid, err := db.InsertID(ctx, d, `INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number,
		currency, amount_minor, paid_minor, donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'EUR', ?, ?, 8000, ?, ?, ?, 'signed', 'sq', ?, ?) RETURNING id`,
		app, f.Call.ProgrammeID, f.Call.ID, org.ID, "G-"+ref, amount, paid, start, end, rule, now, now)
	if err != nil {
		t.Fatal(err)
	}
	for i, tr := range ts {
		if _, err := db.Exec(ctx, d, `INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on, requires, status)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, gid, i+1, tr.kind, tr.amount, start, tr.requires, tr.status); err != nil {
			t.Fatal(err)
		}
	}
	s := reporting.NewStore(d, profiles)
	s.Now = func() time.Time { return time.Date(2027, 1, 15, 12, 0, 0, 0, time.UTC) }
	if err := d.Tx(ctx, func(tx *sqlx.Tx) error { return s.CreateCalendar(ctx, tx, gid) }); err != nil {
		t.Fatal(err)
	}
	rs, err := s.ForGrant(ctx, access.Everything(), gid)
	if err != nil {
		t.Fatal(err)
	}
	return fx{d: d, s: s, Org: org.ID, Other: other.ID, Grant: gid, Reports: rs}
}

func (f fx) grantee() access.Scope { return access.Orgs(f.Org) }

// spend adds one cost of amount on budget line line, dated on.
func (f fx) spend(t *testing.T, report int64, line int, on, amount string) int64 {
	t.Helper()
	id, err := f.s.AddExpenditure(context.Background(), f.grantee(), report, reporting.NewExpenditure{LinePosition: line,
		SpentOn: on, Supplier: "Supplier", Description: "Cost", Amount: amount, DocumentRef: "INV-1"}, 0)
	if err != nil {
		t.Fatalf("add expenditure: %v", err)
	}
	return id
}

// explainAll explains every line of report.
func (f fx) explainAll(t *testing.T, report int64) {
	t.Helper()
	if err := f.s.SaveNarrative(context.Background(), f.grantee(), report, reporting.Narrative{Difficulties: "None",
		Explanations: map[int]string{1: "Because", 2: "Because"}}); err != nil {
		t.Fatal(err)
	}
}

// submitApprove submits and approves report.
func (f fx) submitApprove(t *testing.T, report int64) reporting.Outcome {
	t.Helper()
	ctx := context.Background()
	if err := f.s.Submit(ctx, f.grantee(), report, 0); err != nil {
		t.Fatalf("submit: %v", err)
	}
	out, err := f.s.Approve(ctx, access.Everything(), report, 0)
	if err != nil {
		t.Fatalf("approve: %v", err)
	}
	return out
}

type trancheRow struct {
	Position int    `db:"position"`
	Amount   int64  `db:"amount_minor"`
	Status   string `db:"status"`
}

func (f fx) tranches(t *testing.T) []trancheRow {
	t.Helper()
	var out []trancheRow
	if err := db.Select(context.Background(), f.d, &out, `SELECT position, amount_minor, status FROM grant_tranches
		WHERE grant_id = ? ORDER BY position`, f.Grant); err != nil {
		t.Fatal(err)
	}
	return out
}

func (f fx) auditCount(t *testing.T, action string) int {
	t.Helper()
	var n int
	if err := db.Get(context.Background(), f.d, &n, `SELECT COUNT(*) FROM audit_log WHERE action = ?`, action); err != nil {
		t.Fatal(err)
	}
	return n
}
