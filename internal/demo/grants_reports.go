package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/reporting"
)

// seedReports gives the grantee reports their story: the first grantees
// with their pre-financing paid send their (final) reports early with
// the costs so far: one waits for the officer, one was sent back with
// changes requested; one grant closed early (its end moved by an approved
// amendment) and its final settlement, below the pre-financing paid, made
// a recovery order. The COVID-19 grants last at most 12 months, so their
// calendar has only the final report.
func (gs *grantSeeder) seedReports(ctx context.Context, paid []grant.Agreement, now time.Time) error {
	if len(paid) < 3 {
		return nil
	}
	officer, admin := gs.people[Accounts[1].Email], gs.people[Accounts[0].Email]
	octx := gs.as(ctx, officer, 0)
	gs.at(now.Add(-3 * day))
	for i, g := range paid[:3] {
		if i == 2 { // the early closure
			end := now.Add(-4 * day).Format("2006-01-02")
			if end <= g.StartsOn {
				end = g.StartsOn[:8] + "02"
			}
			m, err := gs.grants.RequestAmendment(octx, g.ID, access.Everything(), grant.PeriodChange, grant.Change{EndsOn: end},
				"Projekti u përfundua herët: qendra u mbyll nga komuna.", grant.Requester{UserID: officer.ID, Role: string(officer.Role)})
			if err != nil {
				return fmt.Errorf("period amendment %s: %w", g.ContractNumber, err)
			}
			if _, err := gs.grants.DecideAmendment(gs.as(ctx, admin, 0), m.ID, access.Everything(), true, "",
				grant.Requester{UserID: admin.ID, Role: string(admin.Role)}); err != nil {
				return fmt.Errorf("approve period amendment %s: %w", g.ContractNumber, err)
			}
		}
		id, err := gs.submitReport(ctx, g, int64(20+10*i))
		if err != nil {
			return fmt.Errorf("report of %s: %w", g.ContractNumber, err)
		}
		gs.at(now.Add(-1 * day))
		switch i {
		case 1:
			err = gs.reports.RequestChanges(octx, access.Everything(), id,
				"Ju lutemi bashkëngjitni faturat e qirasë dhe shpjegoni devijimin te stafi.", officer.ID)
		case 2:
			_, err = gs.reports.Approve(octx, access.Everything(), id, officer.ID)
		}
		if err != nil {
			return fmt.Errorf("decide report of %s: %w", g.ContractNumber, err)
		}
		gs.at(now.Add(-3 * day))
	}
	return nil
}

// submitReport fills grant g's first due report as its grantee (costs of
// pct % of the grant on its first budget line, every variance explained)
// and submits it.
func (gs *grantSeeder) submitReport(ctx context.Context, g grant.Agreement, pct int64) (int64, error) {
	rs, err := gs.reports.ForGrant(ctx, access.Everything(), g.ID)
	if err != nil || len(rs) == 0 {
		return 0, fmt.Errorf("no report due: %v", err)
	}
	r := rs[0]
	ls, err := gs.grants.Lines(ctx, g.ID, access.Everything())
	if err != nil || len(ls) == 0 {
		return 0, fmt.Errorf("no budget lines: %v", err)
	}
	u := gs.members[g.OrgID]
	sc := access.For(access.Principal{UserID: u.ID, Role: string(auth.Applicant), OrgIDs: []int64{g.OrgID}}, access.OwnOrg)
	actx := audit.WithActor(ctx, audit.Actor{UserID: u.ID, Role: string(auth.Applicant), OrgID: g.OrgID, RequestID: "demo-seed"})
	if _, err := gs.reports.AddExpenditure(actx, sc, r.ID, reporting.NewExpenditure{LinePosition: ls[0].Position,
		SpentOn: r.PeriodStart, Supplier: "Furnizuesi demonstrues SH.P.K.", Description: "Pagesa të stafit dhe qiraja",
		AmountMinor: g.AmountMinor * pct / 100, DocumentRef: fmt.Sprintf("FAT-%s-001", g.ContractNumber)}, u.ID); err != nil {
		return 0, err
	}
	expl := map[int]string{}
	for _, l := range ls {
		expl[l.Position] = "Shpenzimet e para të periudhës; pjesa tjetër pritet në muajt në vijim."
	}
	if err := gs.reports.SaveNarrative(actx, sc, r.ID, reporting.Narrative{Explanations: expl,
		Difficulties: "Vonesa në rekrutimin e stafit në muajin e parë."}); err != nil {
		return 0, err
	}
	return r.ID, gs.reports.Submit(actx, sc, r.ID, u.ID)
}
