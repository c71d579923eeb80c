package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/payment"
	"github.com/subgrant/portal/internal/reporting"
	"github.com/subgrant/portal/internal/upload"
)

// runDayCareGrants gives each signed day-care agreement its first year:
// the first yearly pre-financing requested by the grantee, verified by
// finance, approved by the officer and paid; implementation started on the
// start date (active); the interim report of the
// first year, submitted ten days after the year ended, sent back with
// changes requested, submitted again and approved, which makes the second
// yearly tranche due (the costs pass the spending rule, so it is not
// reduced); that tranche then paid through the same four eyes. The
// agreements show the programme's two sources (EU and the ministry) in
// their schedule. It runs only while the day-care grants have no payment
// request, so seeding twice changes nothing.
func runDayCareGrants(ctx context.Context, d *db.DB, files *upload.Store, callID int64, closes, now time.Time) error {
	var n int
	if err := db.Get(ctx, d, &n, `SELECT COUNT(*) FROM payment_requests r JOIN grants g ON g.id = r.grant_id
		WHERE g.call_id = ?`, callID); err != nil || n > 0 {
		return err
	}
	gs, err := newGrantSeeder(ctx, d, files)
	if err != nil {
		return err
	}
	list, err := gs.grants.List(ctx, grant.Filter{CallID: callID, Status: grant.Signed}, access.Everything())
	if err != nil {
		return err
	}
	for i, g := range list {
		if err := gs.fourEyes(ctx, g, closes.Add(13*day)); err != nil {
			return fmt.Errorf("pre-financing of %s: %w", g.ContractNumber, err)
		}
		// implementation starts on the agreement's start date, the pre-financing paid
		if start, err := time.Parse("2006-01-02", g.StartsOn); err == nil && start.Before(now) {
			gs.at(start)
			officer := gs.people[Accounts[1].Email]
			if _, err := gs.grants.Apply(gs.as(ctx, officer, 0), g.ID, access.Everything(), grant.Activate,
				string(auth.ProgramOfficer), ""); err != nil {
				return fmt.Errorf("activate %s: %w", g.ContractNumber, err)
			}
		}
		pe, err := gs.interimReport(ctx, g, i == 1)
		if err != nil {
			return fmt.Errorf("interim report of %s: %w %v", g.ContractNumber, err, apperr.As(err).Fields)
		}
		if pe.Add(30 * day).After(now) {
			continue // a database seeded before its year ended: the tranche waits
		}
		if err := gs.fourEyes(ctx, g, pe.Add(27*day)); err != nil {
			return fmt.Errorf("second tranche of %s: %w", g.ContractNumber, err)
		}
	}
	return nil
}

// fourEyes takes grant g's due tranche through its request (at from), its
// verification by finance, approval by the officer and payment by
// finance, a day apart.
func (gs *grantSeeder) fourEyes(ctx context.Context, g grant.Agreement, from time.Time) error {
	officer, finance := gs.people[Accounts[1].Email], gs.people[Accounts[2].Email]
	fa := payment.Actor{UserID: finance.ID, Scope: access.Everything()}
	gs.at(from)
	id, err := gs.request(ctx, g)
	if err != nil {
		return err
	}
	gs.at(from.Add(day))
	if _, err := gs.payments.Verify(gs.as(ctx, finance, 0), fa, id); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	gs.at(from.Add(2 * day))
	if _, err := gs.payments.Approve(gs.as(ctx, officer, 0), payment.Actor{UserID: officer.ID, Scope: access.Everything()}, id); err != nil {
		return fmt.Errorf("approve: %w", err)
	}
	paid := from.Add(3 * day)
	gs.at(paid)
	r, err := gs.payments.Get(ctx, access.Everything(), id)
	if err != nil {
		return err
	}
	_, err = gs.payments.Pay(gs.as(ctx, finance, 0), fa, id, payment.PayInput{PaidOn: paid.Format("2006-01-02"),
		BankReference: fmt.Sprintf("DEMO-TRF-%05d", id), AmountMinor: r.AmountMinor})
	return err
}

// dayCareCosts are the first year's costs of a day-care centre, as shares
// (basis points) of the pre-financing paid, on the budget lines in order:
// 80 % in all, above the 70 % the spending rule asks.
var dayCareCosts = []struct {
	bp                           int64
	month                        int
	supplier, description, docID string
}{
	{4500, 2, "Stafi i qendrës (kujdestarë)", "Pagat e kujdestarëve, tetor–mars", "PAGA-01"},
	{2000, 5, "Qiradhënësi i objektit", "Qiraja e qendrës ditore, gjashtë muaj", "QIRA-01"},
	{1500, 9, "Furnizuesi i ushqimit SH.P.K.", "Ushqimi ditor i përfituesve", "FAT-0231"},
}

// interimReport fills, submits and gets approved the first interim report
// of day-care grant g as in runDayCareGrants, sendBack making the officer
// ask for the beneficiaries first; it returns the end of the report's
// period.
func (gs *grantSeeder) interimReport(ctx context.Context, g grant.Agreement, sendBack bool) (time.Time, error) {
	rs, err := gs.reports.ForGrant(ctx, access.Everything(), g.ID)
	if err != nil || len(rs) == 0 || rs[0].Kind != reporting.Interim {
		return time.Time{}, fmt.Errorf("no interim report: %v", err)
	}
	r := rs[0]
	start, err1 := time.Parse("2006-01-02", r.PeriodStart)
	pe, err2 := time.Parse("2006-01-02", r.PeriodEnd)
	if err1 != nil || err2 != nil {
		return time.Time{}, fmt.Errorf("period %s – %s", r.PeriodStart, r.PeriodEnd)
	}
	ls, err := gs.grants.Lines(ctx, g.ID, access.Everything())
	if err != nil || len(ls) == 0 {
		return pe, fmt.Errorf("no budget lines: %v", err)
	}
	var paid int64
	if err := db.Get(ctx, gs.d, &paid, `SELECT paid_minor FROM grants WHERE id = ?`, g.ID); err != nil {
		return pe, err
	}
	u := gs.members[g.OrgID]
	sc := access.For(access.Principal{UserID: u.ID, Role: string(auth.Applicant), OrgIDs: []int64{g.OrgID}}, access.OwnOrg)
	actx := gs.asGrantee(ctx, u, g.OrgID)
	officer := gs.people[Accounts[1].Email]
	octx := gs.as(ctx, officer, 0)
	gs.at(pe.Add(8 * day))
	for i, c := range dayCareCosts {
		l := ls[i%len(ls)]
		if _, err := gs.reports.AddExpenditure(actx, sc, r.ID, reporting.NewExpenditure{LinePosition: l.Position,
			SpentOn: start.AddDate(0, c.month, 0).Format("2006-01-02"), Supplier: c.supplier, Description: c.description,
			AmountMinor: paid * c.bp / 10000, DocumentRef: fmt.Sprintf("%s-%s", g.ContractNumber, c.docID)}, u.ID); err != nil {
			return pe, err
		}
	}
	n := reporting.Narrative{Difficulties: "Transporti i përfituesve nga fshatrat ishte më i vështirë në dimër.",
		Achieved: map[int]int64{1: 1}, Explanations: map[int]string{}}
	for _, l := range ls {
		n.Explanations[l.Position] = "Shpenzimet e vitit të parë; pajisjet blihen në vitin e dytë."
	}
	if err := gs.reports.SaveNarrative(actx, sc, r.ID, n); err != nil {
		return pe, err
	}
	beneficiaries := []reporting.Beneficiary{
		{TargetGroup: "elderly", Gender: "f", AgeBand: "65+", Count: 24},
		{TargetGroup: "elderly", Gender: "m", AgeBand: "65+", Count: 17},
		{TargetGroup: "elderly", Gender: "f", AgeBand: "65+", Disability: true, Count: 6}}
	if !sendBack {
		n.Beneficiaries = beneficiaries
		if err := gs.reports.SaveNarrative(actx, sc, r.ID, n); err != nil {
			return pe, err
		}
	}
	gs.at(pe.Add(10 * day))
	if err := gs.reports.Submit(actx, sc, r.ID, u.ID); err != nil {
		return pe, err
	}
	if sendBack {
		gs.at(pe.Add(15 * day))
		if err := gs.reports.RequestChanges(octx, access.Everything(), r.ID,
			"Ju lutemi shtoni numrin e përfituesve sipas gjinisë dhe moshës.", officer.ID); err != nil {
			return pe, err
		}
		gs.at(pe.Add(20 * day))
		n.Beneficiaries = beneficiaries
		if err := gs.reports.SaveNarrative(actx, sc, r.ID, n); err != nil {
			return pe, err
		}
		if err := gs.reports.Submit(actx, sc, r.ID, u.ID); err != nil {
			return pe, err
		}
	}
	gs.at(pe.Add(25 * day))
	if _, err := gs.reports.Approve(octx, access.Everything(), r.ID, officer.ID); err != nil {
		return pe, err
	}
	return pe, nil
}

// asGrantee is ctx with the grantee as the actor of the audit rows: its
// demo account, or its organisation with no user.
func (gs *grantSeeder) asGrantee(ctx context.Context, u auth.User, orgID int64) context.Context {
	return audit.WithActor(ctx, audit.Actor{UserID: u.ID, Role: string(auth.Applicant), OrgID: orgID, RequestID: "demo-seed"})
}
