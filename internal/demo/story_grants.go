package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/award"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/payment"
	"github.com/subgrant/portal/internal/reporting"
	"github.com/subgrant/portal/internal/upload"
)

// approveSession records the committee's meeting on held and the chair
// approves it: the ranking within the lot's budget becomes the awards.
func (es *evalSeeder) approveSession(ctx context.Context, held time.Time, location string) error {
	present := []int64{es.people[chairEmail].ID, es.people[secretaryEmail].ID}
	for _, v := range evaluators {
		present = append(present, es.people[v.Email].ID)
	}
	es.at(held)
	id, err := es.awards.Open(ctx, es.call.ID, "full", es.people[secretaryEmail].ID, award.SessionInput{
		HeldOn: held.Truncate(day), Location: location, Minutes: storyMinutes, Present: present})
	if err != nil {
		return fmt.Errorf("open committee session: %w", err)
	}
	if err := es.awards.Approve(ctx, id, es.people[chairEmail].ID); err != nil {
		return fmt.Errorf("approve committee session: %w", err)
	}
	return nil
}

const storyMinutes = "Komisioni vlerësoi aplikimet e pranueshme sipas grilës së donatorit dhe miratoi dhënien e granteve brenda buxhetit të thirrjes."

// grants turns the story's awards into agreements, unless the call has
// some: drafted ten days after the call closed, signed two days later by
// both sides; the first tranche of each requested by the grantee,
// verified by finance, approved by the officer and paid (at the month's
// demo rate when the programme is not in EUR); then each grantee sends its
// first report, a week ago, and with ApproveFirst the officer approves the
// first grantee's (an interim report: the next yearly tranche becomes due,
// reduced by the spending rule).
func (st story) grants(ctx context.Context, d *db.DB, files *upload.Store, callID int64, closes, now time.Time) error {
	var n int
	if err := db.Get(ctx, d, &n, `SELECT COUNT(*) FROM grants WHERE call_id = ?`, callID); err != nil || n > 0 {
		return err
	}
	gs, err := newGrantSeeder(ctx, d, files)
	if err != nil {
		return err
	}
	officer, finance := gs.people[Accounts[1].Email], gs.people[Accounts[2].Email]
	octx, fctx := gs.as(ctx, officer, 0), gs.as(ctx, finance, 0)
	gs.at(closes.Add(10 * day))
	if _, _, err := gs.grants.CreateForCall(octx, callID, officer.ID); err != nil {
		return fmt.Errorf("agreements: %w", err)
	}
	list, err := gs.grants.List(ctx, grant.Filter{CallID: callID}, access.Everything())
	if err != nil {
		return err
	}
	signed := closes.Add(12 * day)
	gs.at(signed)
	fa := payment.Actor{UserID: finance.ID, Scope: access.Everything()}
	oa := payment.Actor{UserID: officer.ID, Scope: access.Everything()}
	paidOn := signed.Add(6 * day)
	if st.Payments.Rate != "" {
		if _, err := gs.payments.SetRate(fctx, fa, payment.RateInput{From: payment.ReportCurrency, To: st.Payments.Currency,
			Month: paidOn.Format("2006-01"), Rate: st.Payments.Rate, Source: "Kurs demonstrues, jo kurs zyrtar"}); err != nil {
			return fmt.Errorf("rate: %w", err)
		}
	}
	for i, g := range list {
		if ok, err := gs.sign(octx, g, signed); err != nil || !ok {
			return fmt.Errorf("sign %s: %v (signed %v)", g.ContractNumber, err, ok)
		}
		gs.at(paidOn.Add(-4 * day))
		id, err := gs.request(ctx, g)
		if err != nil {
			return fmt.Errorf("request %s: %w", g.ContractNumber, err)
		}
		steps := []func() error{
			func() error { _, err := gs.payments.Verify(fctx, fa, id); return err },
			func() error { _, err := gs.payments.Approve(octx, oa, id); return err },
			func() error {
				r, err := gs.payments.Get(ctx, access.Everything(), id)
				if err == nil {
					_, err = gs.payments.Pay(fctx, fa, id, payment.PayInput{PaidOn: paidOn.Format("2006-01-02"),
						BankReference: fmt.Sprintf("DEMO-%s-%05d", st.Call, id), AmountMinor: r.AmountMinor})
				}
				return err
			},
		}
		for k, step := range steps {
			gs.at(paidOn.Add(time.Duration(k-2) * day))
			if err := step(); err != nil {
				return fmt.Errorf("payment %d of %s: %w", k, g.ContractNumber, err)
			}
		}
		gs.at(now.Add(-7 * day))
		rid, err := gs.storyReport(ctx, g, 25+st.Payments.ReportPctOff+int64(i)*5)
		if err != nil {
			return fmt.Errorf("report of %s: %w", g.ContractNumber, err)
		}
		if i == 0 && st.ApproveFirst {
			gs.at(now.Add(-2 * day))
			if _, err := gs.reports.Approve(octx, access.Everything(), rid, officer.ID); err != nil {
				return fmt.Errorf("approve the report of %s: %w", g.ContractNumber, err)
			}
		}
		gs.at(signed)
	}
	return nil
}

// storyReport fills grant g's first report as its grantee (the
// organisation's scope: these organisations have no demo login) with
// costs of pct % of the grant on its first two budget lines, every
// variance explained, each indicator reached a little more than that and
// its beneficiaries counted, and submits it.
func (gs *grantSeeder) storyReport(ctx context.Context, g grant.Agreement, pct int64) (int64, error) {
	rs, err := gs.reports.ForGrant(ctx, access.Everything(), g.ID)
	if err != nil || len(rs) == 0 {
		return 0, fmt.Errorf("no report due: %v", err)
	}
	r := rs[0]
	ls, err := gs.grants.Lines(ctx, g.ID, access.Everything())
	if err != nil || len(ls) < 2 {
		return 0, fmt.Errorf("budget lines: %v", err)
	}
	sc := access.For(access.Principal{Role: string(auth.Applicant), OrgIDs: []int64{g.OrgID}}, access.OwnOrg)
	actx := audit.WithActor(ctx, audit.Actor{Role: string(auth.Applicant), OrgID: g.OrgID, RequestID: "demo-seed"})
	spent := g.AmountMinor * pct / 100
	for k, part := range []int64{spent * 2 / 3, spent - spent*2/3} {
		if _, err := gs.reports.AddExpenditure(actx, sc, r.ID, reporting.NewExpenditure{LinePosition: ls[k].Position,
			SpentOn: r.PeriodStart, Supplier: storySuppliers[k], Description: ls[k].Description,
			AmountMinor: part, DocumentRef: fmt.Sprintf("FAT-%s-%03d", g.ContractNumber, k+1)}, 0); err != nil {
			return 0, err
		}
	}
	n := reporting.Narrative{Explanations: map[int]string{}, Achieved: map[int]int64{},
		Difficulties: "Koordinimi me zyrat e bashkisë kërkoi më shumë kohë se sa ishte planifikuar."}
	for _, l := range ls {
		n.Explanations[l.Position] = "Shpenzimet e periudhës së parë; pjesa tjetër ndiqet sipas planit të punës."
	}
	dt, err := gs.reports.Load(ctx, sc, r.ID)
	if err != nil {
		return 0, err
	}
	for _, in := range dt.Indicators { // the part of each target reached so far, about the part spent
		target, _ := strconv.ParseInt(in.Target, 10, 64)
		n.Achieved[in.Position] = target * (pct + 10) / 100
	}
	if len(dt.Groups) > 0 && len(dt.Indicators) > 0 {
		reached := n.Achieved[dt.Indicators[0].Position]
		for _, b := range []reporting.Beneficiary{{Gender: "f", AgeBand: "18-64", Count: reached / 2},
			{Gender: "m", AgeBand: "18-64", Count: reached / 4}, {Gender: "f", AgeBand: "0-17", Count: reached - reached/2 - reached/4}} {
			b.TargetGroup = dt.Groups[0]
			n.Beneficiaries = append(n.Beneficiaries, b)
		}
	}
	if err := gs.reports.SaveNarrative(actx, sc, r.ID, n); err != nil {
		return 0, err
	}
	return r.ID, gs.reports.Submit(actx, sc, r.ID, 0)
}

var storySuppliers = [2]string{"Pagat e stafit (listëpagesa)", "Furnizuesi demonstrues SH.P.K."}
