package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/award"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/review"
	"github.com/subgrant/portal/internal/upload"
)

// The day-care call's concept notes: two from Prishtinë and one from
// Ferizaj; the committee shortlists what fits the lot, the shortlisted
// submit full applications, and the full stage ends in awards.
var dayCareNGOs = []int{0, 35, 4} // indexes in NGOs

// seedDayCare runs the day-care programme's two-stage call, which opened
// 500 days ago and closed 450 days ago (its 18-month agreements are past
// their first year, so their calendar's interim report is due): concept notes in its first days, the
// concept evaluation and shortlist a week later, full applications while
// the call is open, the full evaluation after it closed, the awards, then
// the agreements, signed twelve days after the call closed, and their
// first year (runDayCareGrants). Each step runs only while its
// result is missing, so seeding twice changes nothing. A database seeded
// before, whose day-care call is still to come, is left as it is.
func seedDayCare(ctx context.Context, d *db.DB, now time.Time, files *upload.Store) error {
	sd, err := newSeeder(ctx, d, now, files, DayCareCall)
	if err != nil {
		return err
	}
	if sd.call.State == "draft" || sd.call.OpensAt == nil || sd.call.ClosesAt == nil || sd.call.ClosesAt.After(now) {
		return nil
	}
	opens, closes := *sd.call.OpensAt, *sd.call.ClosesAt
	count := func(q string) (int, error) {
		var n int
		err := db.Get(ctx, d, &n, q, sd.call.ID)
		return n, err
	}
	if n, err := count(`SELECT COUNT(*) FROM applications WHERE call_id = ? AND stage = 'concept'`); err != nil {
		return err
	} else if n == 0 {
		for i, ix := range dayCareNGOs {
			if err := sd.dayCareApp(ctx, i, NGOs[ix], application.Concept, opens.Add(time.Duration(i+1)*day)); err != nil {
				return fmt.Errorf("day-care concept note %d: %w", i+1, err)
			}
		}
	}
	if err := evaluateStage(ctx, d, "concept", opens.Add(5*day)); err != nil {
		return fmt.Errorf("day-care concept stage: %w", err)
	}
	if n, err := count(`SELECT COUNT(*) FROM applications WHERE call_id = ? AND stage = 'full'`); err != nil {
		return err
	} else if n == 0 {
		var orgs []int64
		if err := db.Select(ctx, d, &orgs, `SELECT org_id FROM application_invitations WHERE call_id = ? ORDER BY org_id`,
			sd.call.ID); err != nil {
			return err
		}
		for i, ix := range dayCareNGOs {
			for _, o := range orgs {
				if o == sd.ids[NGOs[ix].Name] {
					if err := sd.dayCareApp(ctx, i, NGOs[ix], application.Full, opens.Add(time.Duration(20+i)*day)); err != nil {
						return fmt.Errorf("day-care full application %d: %w", i+1, err)
					}
				}
			}
		}
	}
	if err := evaluateStage(ctx, d, "full", closes.Add(2*day)); err != nil {
		return fmt.Errorf("day-care full stage: %w", err)
	}
	if err := signDayCare(ctx, d, files, sd.call.ID, closes); err != nil {
		return err
	}
	return runDayCareGrants(ctx, d, files, sd.call.ID, closes, now)
}

// dayCareApp creates, submits and screens (eligible) one application of
// the day-care call at the given time.
func (sd *seeder) dayCareApp(ctx context.Context, i int, n NGO, stage application.Stage, at time.Time) error {
	orgID := sd.ids[n.Name]
	sd.now = at
	by, err := sd.submitter(ctx, n.Name, orgID)
	if err != nil {
		return err
	}
	da := demoApp{n.Name, 0, "elderly_daycare", application.Eligible}
	form := sd.form(i, da, n)
	const months = 18
	form.DurationMonths = months
	form.Activities[1].Months, form.Activities[2].Months = monthRange(2, months), monthRange(3, months)
	form.Activities[3].Months = monthRange(months-1, months)
	for v := sd.index[n.Name]*7 + i; ; v++ { // a request within the call's 50,000-60,000 EUR
		form.Budget = budget(projects[da.Kind], v, months)
		if r := requested(form.Budget); r >= 5_100_000 && r <= 5_900_000 {
			break
		}
	}
	sc := access.Everything()
	st := sd.store(at.Add(-2 * time.Hour))
	a, err := st.Create(ctx, sc, application.NewDraft{CallID: sd.call.ID, LotID: sd.lots[0].ID, OrgID: orgID, Stage: stage, UserID: by.UserID})
	if err != nil {
		return err
	}
	in, err := form.Parse("en", sd.profiles["eu"])
	if err != nil {
		return err
	}
	if _, err := st.Update(ctx, a.ID, sc, by.UserID, in); err != nil {
		return err
	}
	if err := sd.attach(ctx, st, a, by.UserID); err != nil {
		return err
	}
	if _, err := sd.store(at).Submit(ctx, a.ID, sc, by); err != nil {
		return err
	}
	return sd.conclude(ctx, at.Add(2*time.Hour), a.ID, da)
}

// requested sums the lines' requested amounts (minor units).
func requested(lines []application.LineForm) int64 {
	var sum int64
	for _, l := range lines {
		v, _ := strconv.ParseInt(strings.Replace(l.Requested, ".", "", 1), 10, 64)
		sum += v
	}
	return sum
}

// evaluateStage evaluates a stage of the day-care call from at on, unless
// its session is approved: the committee, two evaluators per eligible
// application, their scores three days later, the session a week later
// approved by the chair (the shortlist invites, the awards award).
func evaluateStage(ctx context.Context, d *db.DB, stage string, at time.Time) error {
	es, err := newEvalSeeder(ctx, d, DayCareCall)
	if err != nil {
		return err
	}
	var approved int
	if err := db.Get(ctx, d, &approved, `SELECT COUNT(*) FROM committee_sessions WHERE call_id = ? AND stage = ? AND status = 'approved'`,
		es.call.ID, stage); err != nil || approved > 0 {
		return err
	}
	es.at(at)
	if err := es.committee(ctx, evaluators); err != nil {
		return err
	}
	if _, err := es.reviews.AutoAssign(ctx, es.call.ID, stage, review.AutoOptions{PreferLanguage: true, By: es.people[chairEmail].ID}); err != nil {
		return fmt.Errorf("assign: %w", err)
	}
	es.at(at.Add(3 * day))
	order, err := es.appOrder(ctx)
	if err != nil {
		return err
	}
	if stage == "full" {
		// both invited organisations write strong full applications (the
		// scoring pattern's fourth and fifth qualities), so both are awarded
		for id := range order {
			order[id] += 3
		}
	}
	for i, v := range evaluators {
		if _, err := es.scoreWork(ctx, i, v, order); err != nil {
			return err
		}
	}
	es.at(at.Add(7 * day))
	present := []int64{es.people[chairEmail].ID, es.people[secretaryEmail].ID}
	for _, v := range evaluators {
		present = append(present, es.people[v.Email].ID)
	}
	var ovs []award.Override
	if stage == "concept" { // the Ferizaj concept note does not reach the shortlist
		var excluded int64
		if err := db.Get(ctx, d, &excluded, `SELECT a.id FROM applications a JOIN organisations o ON o.id = a.org_id
			WHERE a.call_id = ? AND a.stage = 'concept' AND o.name = ?`, es.call.ID, NGOs[dayCareNGOs[2]].Name); err != nil {
			return err
		}
		ovs = append(ovs, award.Override{ApplicationID: excluded, Action: award.Exclude, Reason: dayCareExcluded})
	}
	id, err := es.awards.Open(ctx, es.call.ID, stage, es.people[secretaryEmail].ID, award.SessionInput{
		HeldOn: at.Add(7 * day).Truncate(day), Location: "Prishtinë, zyra e Qendrës për Zhvillim Shoqëror",
		Minutes: dayCareMinutes[stage], Present: present, Overrides: ovs})
	if err != nil {
		return fmt.Errorf("open committee session: %w", err)
	}
	if err := es.awards.Approve(ctx, id, es.people[chairEmail].ID); err != nil {
		return fmt.Errorf("approve committee session: %w", err)
	}
	return nil
}

const dayCareExcluded = "Nota konceptuale nuk tregon hapësirën e qendrës ditore as marrëveshjen me komunën për të."

var dayCareMinutes = map[string]string{
	"concept": "Komisioni vlerësoi notat konceptuale dhe ftoi në fazën e dytë ato që hyjnë në buxhetin e lotit.",
	"full":    "Komisioni vlerësoi aplikimet e plota të organizatave të ftuara dhe miratoi dhënien e granteve.",
}

// signDayCare makes the day-care awards' agreements the day after the
// award session and signs them: both sides signed twelve days after the
// call closed, with the organisation's verified account.
func signDayCare(ctx context.Context, d *db.DB, files *upload.Store, callID int64, closes time.Time) error {
	var n int
	if err := db.Get(ctx, d, &n, `SELECT COUNT(*) FROM grants WHERE call_id = ?`, callID); err != nil || n > 0 {
		return err
	}
	gs, err := newGrantSeeder(ctx, d, files)
	if err != nil {
		return err
	}
	officer := gs.people[Accounts[1].Email]
	gs.at(closes.Add(10 * day))
	octx := gs.as(ctx, officer, 0)
	if _, _, err := gs.grants.CreateForCall(octx, callID, officer.ID); err != nil {
		return fmt.Errorf("agreements: %w", err)
	}
	list, err := gs.grants.List(ctx, grant.Filter{CallID: callID}, access.Everything())
	if err != nil {
		return err
	}
	gs.at(closes.Add(12 * day))
	for _, g := range list {
		if _, err := gs.sign(octx, g, closes.Add(12*day)); err != nil {
			return fmt.Errorf("sign %s: %w", g.ContractNumber, err)
		}
	}
	return nil
}
