package report

import (
	"context"
	"fmt"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/award"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/findoc"
	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/payment"
	"github.com/subgrant/portal/internal/programme"
	"github.com/subgrant/portal/internal/review"
)

// canary marks every row of organisation B: no report organisation A may
// download contains it.
const canary = "ORGB-CANARY-7f3a"

// injection is a grantee's text a spreadsheet would run as a formula.
const injection = "=HYPERLINK(\"http://x.example\",\"click\")"

// fakeReviews stands in for the review store: every application of the
// call is ready with the score the fixture chose.
type fakeReviews struct{ cons []review.Consolidated }

func (f *fakeReviews) Consolidate(context.Context, int64, string) (review.Grid, []review.Consolidated, error) {
	return review.Grid{ReserveSize: 1, TieBreakSection: "relevance", Sections: []review.Section{{Code: "relevance"}}}, f.cons, nil
}

func (f *fakeReviews) ConsolidateApplication(context.Context, int64) (review.Grid, review.Consolidated, error) {
	return review.Grid{}, review.Consolidated{}, nil
}

// fx is one programme per donor profile, each with a call, two grantees
// (A and B, B's rows carrying the canary), their grants, budgets, reports,
// expenditure and payments, inserted in SQL.
type fx struct {
	d     *db.DB
	reg   *Registry
	cat   *i18n.Catalogue
	progs map[string]progFx // by donor code
}

type progFx struct {
	id, call           int64
	orgA, orgB, donor  int64
	grantA, grantB     int64
	paid               []int64 // every payment's amount
	budget, cumulative map[string]int64
}

func newFx(t testing.TB, d *db.DB) *fx {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	f := &fx{d: d, cat: cat, progs: map[string]progFx{}}
	fake := &fakeReviews{}
	aw := award.NewStore(d, fake, cat)
	f.reg = New(Deps{DB: d, Cat: cat, Profiles: ps, Awards: aw,
		Findoc: findoc.Stores{DB: d, Programmes: programme.NewStore(d), Grants: grant.NewStore(d, ps), Payments: &payment.Store{DB: d}}})
	for i, code := range ps.Codes() {
		p := ps[code]
		c := apptest.Call(t, d, apptest.Spec{Reference: fmt.Sprintf("CFP-%s-01", code)})
		pf := progFx{id: c.Call.ProgrammeID, call: c.Call.ID, budget: map[string]int64{}, cumulative: map[string]int64{}}
		ex(t, d, `UPDATE programmes SET donor_profile = ?, currency = ? WHERE id = ?`, code, p.Currency, pf.id)
		one(t, d, &pf.donor, `SELECT donor_org_id FROM programmes WHERE id = ?`, pf.id)
		pf.orgA = f.org(t, fmt.Sprintf("Shoqata A %d", i), "Tiranë")
		pf.orgB = f.org(t, canary+fmt.Sprintf(" Org B %d", i), "Durrës "+canary)
		pf.grantA = f.grant(t, c, p, pf.orgA, "A", &pf)
		pf.grantB = f.grant(t, c, p, pf.orgB, "B", &pf)
		for k, org := range []int64{pf.orgA, pf.orgB} {
			var app int64
			one(t, d, &app, `INSERT INTO applications (call_id, lot_id, org_id, stage, status, reference, title, currency, requested_minor,
				created_at, updated_at) VALUES (?, ?, ?, 'full', 'eligible', ?, ?, ?, 2000000, ?, ?) RETURNING id`,
				c.Call.ID, c.Lots[0].ID, org, fmt.Sprintf("%s-R-%d", c.Call.Reference, k), "Ranked "+fmt.Sprint(k), p.Currency, db.Now(), db.Now())
			fake.cons = append(fake.cons, review.Consolidated{ApplicationID: app, FinalX100: int64(8000 - 1000*k), Ready: true, Fundable: true,
				Submitted: 2, Sections: []review.SectionResult{{Code: "relevance", MeanX100: 2500, Max: 30}}})
		}
		f.progs[code] = pf
	}
	return f
}

func (f *fx) org(t testing.TB, name, municipality string) int64 {
	var id int64
	one(t, f.d, &id, `INSERT INTO organisations (name, kind, created_at) VALUES (?, 'ngo', ?) RETURNING id`, name, db.Now())
	ex(t, f.d, `INSERT INTO organisation_profiles (org_id, legal_name, municipality, updated_at) VALUES (?, ?, ?, ?)`,
		id, name+" (legal)", municipality, db.Now())
	return id
}

// grant inserts an awarded application and its active grant with a budget
// line per heading, an approved and a submitted report with expenditure
// (one cost ineligible), an explanation, and two payments.
func (f *fx) grant(t testing.TB, c apptest.Fixture, p *donor.Profile, org int64, tag string, pf *progFx) int64 {
	t.Helper()
	d, now := f.d, db.Now()
	mark := ""
	if tag == "B" {
		mark = " " + canary
	}
	var app, g int64
	one(t, d, &app, `INSERT INTO applications (call_id, lot_id, org_id, stage, status, reference, title, currency, requested_minor,
		created_at, updated_at) VALUES (?, ?, ?, 'full', 'awarded', ?, ?, ?, 0, ?, ?) RETURNING id`,
		c.Call.ID, c.Lots[0].ID, org, c.Call.Reference+"-F-"+tag, "Day care"+mark, p.Currency, now, now)
	var amount int64
	for i := range p.Headings {
		amount += int64(100_000_01 * (i + 1))
	}
	one(t, d, &g, `INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number, currency, amount_minor, paid_minor,
		donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 9000, '2026-01-01', '2026-12-31', 'prefinancing_balance', 'active', 'sq', ?, ?) RETURNING id`,
		app, c.Call.ProgrammeID, c.Call.ID, org, c.Call.Reference+"/G-"+tag, p.Currency, amount, 0, now, now)
	var rep1, rep2 int64
	one(t, d, &rep1, `INSERT INTO grantee_reports (grant_id, kind, position, period_start, period_end, due_on, status, created_at, updated_at)
		VALUES (?, 'interim', 1, '2026-01-01', '2026-06-30', '2026-08-29', 'approved', ?, ?) RETURNING id`, g, now, now)
	one(t, d, &rep2, `INSERT INTO grantee_reports (grant_id, kind, position, period_start, period_end, due_on, status, created_at, updated_at)
		VALUES (?, 'final', 2, '2026-07-01', '2026-12-31', '2027-03-31', 'submitted', ?, ?) RETURNING id`, g, now, now)
	for i, h := range p.Headings {
		line := int64(100_000_01 * (i + 1))
		ex(t, d, `INSERT INTO grant_budget_lines (grant_id, position, heading, description, total_minor, donor_minor) VALUES (?, ?, ?, ?, ?, ?)`,
			g, i+1, h.Code, "Line "+h.Code+mark, line, line)
		spent1, spent2, bad := line/3, line/5+7, int64(1234)
		for _, e := range []struct {
			rep      int64
			amount   int64
			eligible bool
			supplier string
		}{{rep1, spent1, true, "Furnizuesi" + mark}, {rep2, spent2, true, injection}, {rep1, bad, false, "-rejected" + mark}} {
			ex(t, d, `INSERT INTO expenditures (report_id, line_position, heading, spent_on, supplier, description, amount_minor,
				document_ref, eligible, created_at) VALUES (?, ?, ?, '2026-03-15', ?, ?, ?, ?, ?, ?)`, e.rep, i+1, h.Code, e.supplier,
				"Cost"+mark, e.amount, "F-"+tag+"-"+h.Code, e.eligible, now)
		}
		if tag == "A" || tag == "B" {
			pf.budget[h.Code] += line
			pf.cumulative[h.Code] += spent1 + spent2
		}
	}
	ex(t, d, `INSERT INTO report_line_explanations (report_id, line_position, explanation) VALUES (?, 1, ?)`, rep2, "+ more staff"+mark)
	var paid int64
	for i, amt := range []int64{amount * 8 / 10, amount / 10} {
		var req int64
		one(t, d, &req, `INSERT INTO payment_requests (grant_id, amount_minor, currency, status, idempotency_key, requested_at)
			VALUES (?, ?, ?, 'paid', ?, ?) RETURNING id`, g, amt, p.Currency, fmt.Sprintf("k%d", i), now)
		ex(t, d, `INSERT INTO payments (request_id, grant_id, amount_minor, currency, paid_on, bank_reference, iban, rate_from, rate_to,
			rate_micros, rate_currency, report_minor, recorded_at) VALUES (?, ?, ?, ?, ?, ?, 'XK00', ?, ?, 1000000, ?, ?, ?)`,
			req, g, amt, p.Currency, fmt.Sprintf("2026-0%d-10", i+2), "@bank"+mark, p.Currency, p.Currency, p.Currency, amt, now)
		paid += amt
		pf.paid = append(pf.paid, amt)
	}
	ex(t, d, `UPDATE grants SET paid_minor = ? WHERE id = ?`, paid, g)
	return g
}

func ex(t testing.TB, d *db.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(context.Background(), d, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func one(t testing.TB, d *db.DB, dest any, q string, args ...any) {
	t.Helper()
	if err := db.Get(context.Background(), d, dest, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// scopes of the test principals.
func staff() access.Scope                 { return access.Everything() }
func applicant(org int64) access.Scope    { return access.Orgs(org) }
func donorOfficer(org int64) access.Scope { return access.Donor(org) }
