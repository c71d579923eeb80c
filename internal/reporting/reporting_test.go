package reporting_test

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/reporting"
)

func TestCalendarDates(t *testing.T) {
	eu := profiles["eu"]
	cases := []struct {
		name, start, end string
		want             []reporting.Period
	}{
		{"12 months", "2026-01-01", "2026-12-31", []reporting.Period{
			{Kind: reporting.Final, Start: "2026-01-01", End: "2026-12-31", Due: "2027-03-31"}}},
		{"24 months", "2026-01-01", "2027-12-31", []reporting.Period{
			{Kind: reporting.Interim, Start: "2026-01-01", End: "2026-12-31", Due: "2027-03-01"},
			{Kind: reporting.Final, Start: "2027-01-01", End: "2027-12-31", Due: "2028-03-31"}}},
		{"30 months from a month's end", "2026-03-31", "2028-09-30", []reporting.Period{
			{Kind: reporting.Interim, Start: "2026-03-31", End: "2027-03-30", Due: "2027-05-29"},
			{Kind: reporting.Interim, Start: "2027-03-31", End: "2028-03-30", Due: "2028-05-29"},
			{Kind: reporting.Final, Start: "2028-03-31", End: "2028-09-30", Due: "2028-12-30"}}},
		{"final due clamped to the month's end", "2026-01-01", "2026-11-30", []reporting.Period{
			{Kind: reporting.Final, Start: "2026-01-01", End: "2026-11-30", Due: "2027-02-28"}}},
	}
	for _, c := range cases {
		got, err := reporting.Calendar(c.start, c.end, eu)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(c.want) {
			t.Fatalf("%s: %d reports %+v, want %+v", c.name, len(got), got, c.want)
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: report %d = %+v, want %+v", c.name, i+1, got[i], c.want[i])
			}
		}
	}
	if _, err := reporting.Calendar("2026-05-01", "2026-04-30", eu); err == nil {
		t.Error("a grant ending before it starts got a calendar")
	}
}

func TestArithmetic(t *testing.T) {
	if got := reporting.Planned(1000000, "2026-01-01", "2027-12-31", "2026-12-31"); got != 500000 {
		t.Errorf("planned for the first of two years = %d, want 500000", got)
	}
	if got := reporting.Planned(1000000, "2026-01-01", "2027-12-31", "2027-12-31"); got != 1000000 {
		t.Errorf("planned at the end = %d, want all", got)
	}
	for _, c := range []struct{ paid, accepted, next, want int64 }{
		{800000, 560000, 800000, 0},      // exactly 70 %
		{800000, 559999, 800000, 1},      // one cent short
		{800000, 400000, 800000, 160000}, // half spent
		{800000, 0, 100000, 100000},      // never more than the tranche
		{0, 0, 800000, 0},                // nothing paid, nothing required
		{333, 0, 1000, 234},              // 233.1 rounded up
	} {
		if got := reporting.SpendingRule(c.paid, c.accepted, 7000, c.next); got != c.want {
			t.Errorf("SpendingRule(paid %d, accepted %d) = %d, want %d", c.paid, c.accepted, got, c.want)
		}
	}
	for _, c := range []struct{ accepted, amount, paid, covered, balance int64 }{
		{1200000, 1000000, 800000, 960000, 160000},
		{1000000, 1000000, 800000, 800000, 0},
		{500000, 1000000, 800000, 400000, -400000},
		{1500000, 1000000, 800000, 1000000, 200000}, // capped at the grant amount
		{1001, 1000000, 0, 800, 800},                // 800.8 rounded down
	} {
		cov, bal := reporting.Settle(c.accepted, 8000, c.amount, c.paid)
		if cov != c.covered || bal != c.balance {
			t.Errorf("Settle(%d) = %d, %d, want %d, %d", c.accepted, cov, bal, c.covered, c.balance)
		}
	}
	for in, want := range map[string]int64{"12": 1200, "12.5": 1250, "12,05": 1205, "0.01": 1} {
		if got, ok := reporting.ParseAmount(in); !ok || got != want {
			t.Errorf("ParseAmount(%q) = %d %v, want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "12a", "1.234", "-5", "1.", ".5", "1 000"} {
		if _, ok := reporting.ParseAmount(in); ok {
			t.Errorf("ParseAmount(%q) accepted", in)
		}
	}
}

func TestCreateCalendarStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newGrant(t, d, "CAL", "2026-01-01", "2027-12-31", "yearly", 2000000, 0, nil)
		if len(f.Reports) != 2 || f.Reports[0].Kind != reporting.Interim || f.Reports[0].DueOn != "2027-03-01" ||
			f.Reports[1].Kind != reporting.Final || f.Reports[1].DueOn != "2028-03-31" || f.Reports[0].Status != reporting.Due {
			t.Fatalf("reports = %+v", f.Reports)
		}
		if n := f.auditCount(t, "grantee_report.create"); n != 2 {
			t.Errorf("%d audit rows for the calendar, want 2", n)
		}
		// A second call creates nothing more.
		ctx := context.Background()
		if err := d.Tx(ctx, func(tx *sqlx.Tx) error { return f.s.CreateCalendar(ctx, tx, f.Grant) }); err != nil {
			t.Fatal(err)
		}
		rs, _ := f.s.ForGrant(ctx, f.grantee(), f.Grant)
		if len(rs) != 2 {
			t.Errorf("%d reports after a second call, want 2", len(rs))
		}
		// The officer's list shows the interim report as overdue on 2027-03-02.
		due, err := f.s.List(ctx, access.Everything(), reporting.Filter{Overdue: true})
		if err != nil || len(due) != 0 {
			t.Errorf("overdue on 2027-01-15 = %d %v, want none", len(due), err)
		}
		if !f.Reports[0].Overdue("2027-03-02") || f.Reports[0].Overdue("2027-03-01") {
			t.Error("overdue is the day after the due date")
		}
	})
}

func fieldKey(err error, field string) string {
	if e := apperr.As(err); e != nil {
		return e.Fields[field]
	}
	return ""
}

func TestSubmitValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newGrant(t, d, "SUB", "2026-01-01", "2027-12-31", "yearly", 2000000, 0, nil)
		r := f.Reports[0].ID
		// Bad costs are refused with a message next to each field.
		_, err := f.s.AddExpenditure(ctx, f.grantee(), r, reporting.NewExpenditure{LinePosition: 9, SpentOn: "2027-02-01",
			Supplier: " ", Description: "x", Amount: "12.345", DocumentRef: ""}, 0)
		for field, key := range map[string]string{"line": "reporting.error.line", "spent_on": "reporting.error.date_period",
			"supplier": "reporting.error.required", "amount": "reporting.error.amount", "document_ref": "reporting.error.document_ref"} {
			if got := fieldKey(err, field); got != key {
				t.Errorf("field %s: %q, want %q (%v)", field, got, key, err)
			}
		}
		for _, amount := range []string{"-5", "0", "abc"} {
			_, err := f.s.AddExpenditure(ctx, f.grantee(), r, reporting.NewExpenditure{LinePosition: 1, SpentOn: "2026-02-01",
				Supplier: "S", Description: "x", Amount: amount, DocumentRef: "D"}, 0)
			if fieldKey(err, "amount") != "reporting.error.amount" {
				t.Errorf("amount %q: %v", amount, err)
			}
		}
		// Line 1 spent exactly as planned (5,000.00 of 10,000.00 in the first of
		// two years); line 2 nothing of 2,500.00 planned: -100 %.
		f.spend(t, r, 1, "2026-06-30", "5000")
		err = f.s.Submit(ctx, f.grantee(), r, 0)
		if fieldKey(err, "explain_2") != "reporting.error.explain" || fieldKey(err, "explain_1") != "" {
			t.Fatalf("submit with line 2 unexplained: %v", err)
		}
		dt, _ := f.s.Load(ctx, f.grantee(), r)
		if dt.Status != reporting.Draft || len(dt.Lines) != 2 || dt.Lines[0].VarianceMinor != 0 || dt.Lines[0].NeedsExplanation ||
			dt.Lines[1].PlannedMinor != 250000 || dt.Lines[1].VarianceMinor != -250000 || *dt.Lines[1].VarianceBP != -10000 ||
			!dt.Lines[1].NeedsExplanation {
			t.Fatalf("lines = %+v", dt.Lines)
		}
		// 10 % over is at the threshold (not above it): no explanation needed.
		f.spend(t, r, 1, "2026-07-01", "500")
		dt, _ = f.s.Load(ctx, f.grantee(), r)
		if dt.Lines[0].NeedsExplanation || *dt.Lines[0].VarianceBP != 1000 {
			t.Errorf("10 %% over: %+v", dt.Lines[0])
		}
		f.spend(t, r, 1, "2026-07-01", "0.01")
		dt, _ = f.s.Load(ctx, f.grantee(), r)
		if !dt.Lines[0].NeedsExplanation {
			t.Errorf("just above 10 %%: %+v", dt.Lines[0])
		}
		// Narrative: achieved per indicator rolls up to the programme's.
		if err := f.s.SaveNarrative(ctx, f.grantee(), r, reporting.Narrative{Difficulties: "Late delivery",
			Achieved: map[int]int64{1: 25, 2: 4}, Explanations: map[int]string{1: "More sessions", 2: "Equipment bought in year 2"},
			Beneficiaries: []reporting.Beneficiary{{TargetGroup: "elderly", Gender: "f", AgeBand: "65+", Count: 12},
				{TargetGroup: "elderly", Gender: "m", AgeBand: "65+", Disability: true, Count: 3}}}); err != nil {
			t.Fatal(err)
		}
		bad := reporting.Narrative{Beneficiaries: []reporting.Beneficiary{{TargetGroup: "martians", Gender: "f", AgeBand: "65+", Count: 1}}}
		if err := f.s.SaveNarrative(ctx, f.grantee(), r, bad); fieldKey(err, "beneficiaries") == "" {
			t.Errorf("unknown target group: %v", err)
		}
		if err := f.s.Submit(ctx, f.grantee(), r, 0); err != nil {
			t.Fatalf("submit explained: %v", err)
		}
		dt, _ = f.s.Load(ctx, f.grantee(), r)
		if dt.Status != reporting.Submitted || dt.Difficulties != "Late delivery" || len(dt.Beneficiaries) != 2 ||
			dt.Indicators[0].Achieved != 25 || dt.Indicators[0].ProgrammeIndicatorID == nil || dt.Indicators[1].ProgrammeIndicatorID != nil ||
			len(dt.Rollup) != 1 || dt.Rollup[0].Achieved != 25 {
			t.Fatalf("submitted report = %+v", dt)
		}
		// Submitted: no longer the grantee's to change.
		if err := f.s.SaveNarrative(ctx, f.grantee(), r, reporting.Narrative{}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("edit after submit: %v", err)
		}
		// Changes requested need a reason and give it back to the grantee.
		if err := f.s.RequestChanges(ctx, access.Everything(), r, " ", 0); fieldKey(err, "reason") == "" {
			t.Errorf("changes without reason: %v", err)
		}
		if err := f.s.RequestChanges(ctx, access.Everything(), r, "Add invoices", 0); err != nil {
			t.Fatal(err)
		}
		dt, _ = f.s.Load(ctx, f.grantee(), r)
		if dt.Status != reporting.ChangesRequested || dt.Reason != "Add invoices" {
			t.Errorf("after request: %s %q", dt.Status, dt.Reason)
		}
		for _, a := range []string{"grantee_report.submit", "grantee_report.request_changes", "expenditure.add", "grantee_report.save"} {
			if f.auditCount(t, a) == 0 {
				t.Errorf("no audit row %s", a)
			}
		}
	})
}

var (
	// The next tranche waits for a report (yearlyReport) or under the
	// spending rule (yearly): approval makes either due.
	yearlyReport = []tranche{{"prefinancing", "signature", "paid", 800000}, {"interim", "report", "planned", 800000},
		{"balance", "final_report", "planned", 400000}}
	yearly = []tranche{{"prefinancing", "signature", "paid", 800000}, {"interim", "spent", "planned", 800000},
		{"balance", "final_report", "planned", 400000}}
)

func TestApprovalMakesNextTrancheDue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// 70 % of the 8,000.00 paid is spent: the next tranche is due whole.
		f := newGrant(t, d, "NXT", "2026-01-01", "2027-12-31", "yearly", 2000000, 800000, yearlyReport)
		r := f.Reports[0].ID
		f.spend(t, r, 1, "2026-03-01", "3600")
		f.spend(t, r, 2, "2026-03-01", "2000")
		f.explainAll(t, r)
		out := f.submitApprove(t, r)
		ts := f.tranches(t)
		if out.ReducedMinor != 0 || ts[1].Status != "due" || ts[1].Amount != 800000 || ts[2].Amount != 400000 || ts[2].Status != "planned" {
			t.Fatalf("outcome %+v, tranches %+v", out, ts)
		}
		if f.auditCount(t, "grant.tranche_due") != 1 || f.auditCount(t, "grantee_report.approve") != 1 {
			t.Error("no audit rows for the approval and the tranche")
		}
		// Approving twice is a conflict.
		if _, err := f.s.Approve(ctx, access.Everything(), r, 0); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second approval: %v", err)
		}

		// Of 6,000.00 claimed, 2,000.00 is ineligible: 4,000.00 accepted, 1,600.00
		// short of the 5,600.00 needed, moved from the next tranche to the balance.
		g := newGrant(t, d, "RED", "2026-01-01", "2027-12-31", "yearly", 2000000, 800000, yearly)
		r = g.Reports[0].ID
		g.spend(t, r, 1, "2026-03-01", "4000")
		bad := g.spend(t, r, 2, "2026-03-01", "2000")
		g.explainAll(t, r)
		if err := g.s.Submit(ctx, g.grantee(), r, 0); err != nil {
			t.Fatal(err)
		}
		if err := g.s.SetEligibility(ctx, access.Everything(), r, bad, false, ""); fieldKey(err, "reason_"+itoa(bad)) == "" {
			t.Errorf("ineligible without reason: %v", err)
		}
		if err := g.s.SetEligibility(ctx, access.Everything(), r, bad, false, "No invoice"); err != nil {
			t.Fatal(err)
		}
		out, err := g.s.Approve(ctx, access.Everything(), r, 0)
		if err != nil {
			t.Fatal(err)
		}
		ts = g.tranches(t)
		if out.ReducedMinor != 160000 || ts[1].Status != "due" || ts[1].Amount != 640000 || ts[2].Amount != 560000 {
			t.Fatalf("outcome %+v, tranches %+v", out, ts)
		}
		if ts[0].Amount+ts[1].Amount+ts[2].Amount != 2000000 {
			t.Error("the schedule no longer adds up to the grant amount")
		}
		if g.auditCount(t, "expenditure.ineligible") != 1 {
			t.Error("no audit row for the ineligible cost")
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

var short = []tranche{{"prefinancing", "signature", "paid", 800000}, {"balance", "final_report", "planned", 200000}}

func TestFinalSettlement(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		cases := []struct {
			ref     string
			spend   []string
			balance int64
			recover int64
		}{
			{"POS", []string{"7000", "5000"}, 160000, 0},  // 12,000 × 80 % = 9,600 − 8,000
			{"ZERO", []string{"6000", "4000"}, 0, 0},      // 10,000 × 80 % = 8,000 − 8,000
			{"NEG", []string{"3000", "2000"}, 0, 400000},  // 5,000 × 80 % = 4,000 − 8,000
			{"CAP", []string{"10000", "5000"}, 200000, 0}, // 15,000 × 80 % = 12,000, capped at 10,000
		}
		for _, c := range cases {
			f := newGrant(t, d, c.ref, "2026-01-01", "2026-12-31", "prefinancing_balance", 1000000, 800000, short)
			if len(f.Reports) != 1 || f.Reports[0].Kind != reporting.Final {
				t.Fatalf("%s: reports %+v", c.ref, f.Reports)
			}
			r := f.Reports[0].ID
			f.spend(t, r, 1, "2026-04-01", c.spend[0])
			f.spend(t, r, 2, "2026-12-31", c.spend[1])
			f.explainAll(t, r)
			out := f.submitApprove(t, r)
			ts := f.tranches(t)
			if out.Settlement == nil {
				t.Fatalf("%s: no settlement", c.ref)
			}
			var orders []struct {
				Amount int64 `db:"amount_minor"`
			}
			if err := db.Select(ctx, d, &orders, `SELECT amount_minor FROM recovery_orders WHERE grant_id = ?`, f.Grant); err != nil {
				t.Fatal(err)
			}
			switch {
			case c.balance > 0:
				if ts[1].Status != "due" || ts[1].Amount != c.balance || len(orders) != 0 {
					t.Errorf("%s: tranches %+v orders %+v", c.ref, ts, orders)
				}
			case c.recover > 0:
				if ts[1].Status != "planned" || ts[1].Amount != 0 || len(orders) != 1 || orders[0].Amount != c.recover ||
					out.RecoveryID == 0 || f.auditCount(t, "recovery_order.create") == 0 {
					t.Errorf("%s: tranches %+v orders %+v", c.ref, ts, orders)
				}
			default:
				if ts[1].Status != "planned" || ts[1].Amount != 0 || len(orders) != 0 || out.Settlement.BalanceMinor != 0 {
					t.Errorf("%s: tranches %+v orders %+v settlement %+v", c.ref, ts, orders, out.Settlement)
				}
			}
			// nothing left to pay or recover closes the grant at once; a
			// balance closes it when paid, a recovery order when settled
			var st string
			if err := db.Get(ctx, d, &st, `SELECT status FROM grants WHERE id = ?`, f.Grant); err != nil {
				t.Fatal(err)
			}
			if want := map[bool]string{true: "closed", false: "signed"}[c.balance == 0 && c.recover == 0]; st != want {
				t.Errorf("%s: grant %s after the settlement, want %s", c.ref, st, want)
			}
			dt, err := f.s.Load(ctx, f.grantee(), r)
			if err != nil || dt.Settlement == nil || (c.recover > 0) != (dt.Recovery != nil) {
				t.Errorf("%s: loaded settlement %+v recovery %+v %v", c.ref, dt.Settlement, dt.Recovery, err)
			}
		}
	})
}

func TestOtherOrganisationsReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newGrant(t, d, "CAN", "2026-01-01", "2026-12-31", "prefinancing_balance", 1000000, 0, short)
		r := f.Reports[0].ID
		b := access.Orgs(f.Other)
		if _, err := f.s.Load(ctx, b, r); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("load: %v", err)
		}
		if _, err := f.s.ForGrant(ctx, b, f.Grant); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("list: %v", err)
		}
		if _, err := f.s.AddExpenditure(ctx, b, r, reporting.NewExpenditure{LinePosition: 1, SpentOn: "2026-02-01",
			Supplier: "S", Description: "D", Amount: "1", DocumentRef: "R"}, 0); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("add: %v", err)
		}
		if err := f.s.Submit(ctx, b, r, 0); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("submit: %v", err)
		}
		if rs, _ := f.s.List(ctx, b, reporting.Filter{}); len(rs) != 0 {
			t.Errorf("B lists %d reports", len(rs))
		}
		if _, err := f.s.Load(ctx, access.Donor(f.Other), r); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another donor: %v", err)
		}
		// Staff reach the report but never act as the grantee.
		if err := f.s.Submit(ctx, access.Everything(), r, 0); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("staff submit: %v", err)
		}
	})
}

func TestConcurrentFinalApprovalSettlesOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newGrant(t, d, "RACE", "2026-01-01", "2026-12-31", "prefinancing_balance", 1000000, 800000, short)
		r := f.Reports[0].ID
		f.spend(t, r, 1, "2026-04-01", "3000")
		f.spend(t, r, 2, "2026-04-01", "2000")
		f.explainAll(t, r)
		if err := f.s.Submit(ctx, f.grantee(), r, 0); err != nil {
			t.Fatal(err)
		}
		start := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, conflicts := 0, 0
		for range 50 {
			wg.Go(func() {
				<-start
				_, err := f.s.Approve(ctx, access.Everything(), r, 0)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case apperr.Is(err, apperr.Conflict):
					conflicts++
				default:
					t.Errorf("approve: %v", err)
				}
			})
		}
		close(start)
		wg.Wait()
		var n int
		if err := db.Get(ctx, d, &n, `SELECT COUNT(*) FROM recovery_orders WHERE grant_id = ?`, f.Grant); err != nil {
			t.Fatal(err)
		}
		if ok != 1 || conflicts != 49 || n != 1 || f.auditCount(t, "grant.settle") != 1 {
			t.Errorf("ok %d conflicts %d orders %d settle rows %d", ok, conflicts, n, f.auditCount(t, "grant.settle"))
		}
	})
}
