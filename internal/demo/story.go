package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/review"
	"github.com/subgrant/portal/internal/upload"
)

// story is one of the further programmes' run through its call: the
// applications (every one found eligible), their evaluation, the awards,
// the signed agreements, the first tranche of each paid and a report sent.
// The LNB, UNICEF and consortium programmes are stories.
type story struct {
	Call     string // the call's reference
	Profile  string // the donor profile the forms are parsed with
	Location string // where the committee met
	Apps     []storyApp
	Payments payPlan
	// ApproveFirst: the officer approves the first grantee's report.
	ApproveFirst bool
}

// strongApps are positions in scoresFor's invented quality that score
// well (4.3 to 4.9 points): a story's applications take them in turn.
var strongApps = []int{4, 9, 10, 11, 15, 16}

// storyApp is one application of a story: its organisation and the form
// as the organisation typed it (amounts in the English notation).
type storyApp struct {
	Org  string
	Form application.Form
}

// payPlan says how much of each grant its report spends and which rate
// converts the programme's currency to the ledger's EUR.
type payPlan struct {
	Rate         string // EUR per unit in the form "98.350000" (1 EUR = Rate units), empty for EUR
	Currency     string
	ReportPctOff int64 // the first report spends 25 % plus this of the grant
}

// run brings the story's call, which closed in the past, from its
// applications to the grantees' reports. Each step runs only while its
// result is missing, so seeding twice changes nothing; a call still open
// (a database seeded long ago is not rewritten) is left alone.
func (st story) run(ctx context.Context, d *db.DB, now time.Time, files *upload.Store) error {
	sd, err := newSeeder(ctx, d, now, files, st.Call)
	if err != nil {
		return err
	}
	if sd.call.OpensAt == nil || sd.call.ClosesAt == nil || sd.call.ClosesAt.After(now) {
		return nil
	}
	opens, closes := *sd.call.OpensAt, *sd.call.ClosesAt
	var n int
	if err := db.Get(ctx, d, &n, `SELECT COUNT(*) FROM applications WHERE call_id = ?`, sd.call.ID); err != nil {
		return err
	}
	if n == 0 {
		step := closes.Sub(opens) / time.Duration(len(st.Apps)+1)
		for i, a := range st.Apps {
			if err := sd.storyApp(ctx, st.Profile, a, opens.Add(time.Duration(i+1)*step)); err != nil {
				return fmt.Errorf("%s application %d (%s): %w", st.Call, i+1, a.Org, err)
			}
		}
	}
	if err := st.evaluate(ctx, d, closes.Add(2*day)); err != nil {
		return fmt.Errorf("%s evaluation: %w", st.Call, err)
	}
	return st.grants(ctx, d, files, sd.call.ID, closes, now)
}

// storyApp creates, fills, submits and screens (eligible) one application
// at the given time, entered by its organisation's demo applicant or, for
// an organisation without one, by the officer on its behalf.
func (sd *seeder) storyApp(ctx context.Context, profile string, a storyApp, at time.Time) error {
	orgID, ok := sd.ids[a.Org]
	if !ok {
		return fmt.Errorf("no organisation %q", a.Org)
	}
	sd.now = at
	by, err := sd.submitter(ctx, a.Org, orgID)
	if err != nil {
		return err
	}
	sc := access.Everything()
	st := sd.store(at.Add(-2 * time.Hour))
	app, err := st.Create(ctx, sc, application.NewDraft{CallID: sd.call.ID, LotID: sd.lots[0].ID, OrgID: orgID, UserID: by.UserID})
	if err != nil {
		return err
	}
	in, err := a.Form.Parse("en", sd.profiles[profile])
	if err != nil {
		return err
	}
	if _, err := st.Update(ctx, app.ID, sc, by.UserID, in); err != nil {
		return err
	}
	if err := sd.attach(ctx, st, app, by.UserID); err != nil {
		return err
	}
	if _, err := sd.store(at).Submit(ctx, app.ID, sc, by); err != nil {
		return err
	}
	return sd.conclude(ctx, at.Add(2*time.Hour), app.ID, demoApp{Org: a.Org, Status: application.Eligible})
}

// evaluate runs the story's full-stage evaluation from at on, unless its
// session is approved: the committee of the first round, two evaluators
// per application, their scores three days later (a third evaluator where
// two diverge, the chair settling what none could take), the session a
// week later approved by the chair.
func (st story) evaluate(ctx context.Context, d *db.DB, at time.Time) error {
	es, err := newEvalSeeder(ctx, d, st.Call)
	if err != nil {
		return err
	}
	var approved int
	if err := db.Get(ctx, d, &approved, `SELECT COUNT(*) FROM committee_sessions WHERE call_id = ? AND status = 'approved'`,
		es.call.ID); err != nil || approved > 0 {
		return err
	}
	chair := es.people[chairEmail].ID
	es.at(at)
	if err := es.committee(ctx, evaluators); err != nil {
		return err
	}
	if _, err := es.reviews.AutoAssign(ctx, es.call.ID, "full", review.AutoOptions{PreferLanguage: true, By: chair}); err != nil {
		return fmt.Errorf("assign: %w", err)
	}
	es.at(at.Add(3 * day))
	order, err := es.appOrder(ctx)
	if err != nil {
		return err
	}
	for id, i := range order { // every application of a story is good enough to be funded
		order[id] = strongApps[i%len(strongApps)]
	}
	for pass := 0; pass < 4; pass++ {
		done := 0
		for i, v := range evaluators {
			n, err := es.scoreWork(ctx, i, v, order)
			if err != nil {
				return err
			}
			done += n
		}
		if done == 0 {
			break
		}
	}
	_, cons, err := es.reviews.Consolidate(ctx, es.call.ID, "full")
	if err != nil {
		return err
	}
	for _, c := range cons {
		if c.Divergent && !c.Resolved {
			if err := es.reviews.ResolveDivergence(ctx, c.ApplicationID, chair, resolutionNote); err != nil {
				return err
			}
		}
	}
	return es.approveSession(ctx, at.Add(7*day), st.Location)
}
