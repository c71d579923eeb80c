package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/award"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review"
)

// evaluator is a demo evaluator: its account, the languages it reads and
// how it scores compared with the others (in tenths of a point).
type evaluator struct {
	Email     string
	Languages []string
	Bias      int
}

// The committee of the first round: the officer chairs, the administrator
// keeps the minutes, and three evaluators vote (the second is harsher, the
// third more lenient, which the normalised view shows).
var (
	chairEmail     = Accounts[1].Email
	secretaryEmail = Accounts[0].Email
	evaluators     = []evaluator{
		{Accounts[4].Email, []string{"sq", "en"}, 0},
		{Accounts[5].Email, []string{"sr", "en", "sq"}, -3},
		{Accounts[6].Email, []string{"en", "sq"}, 2},
	}
)

// evalSeeder holds what evaluating the demo calls needs.
type evalSeeder struct {
	d         *db.DB
	reviews   *review.Store
	awards    *award.Store
	cat       *i18n.Catalogue
	people    map[string]auth.User // by e-mail
	call      call.Call
	divergent int64 // the application on which two evaluators diverge
}

// seedEvaluation evaluates the first round completely (committee,
// declarations with one conflict, scores with justifications, a divergence
// settled by a third evaluator, an approved committee session with about
// fifty awards, a reserve list and letters) and gives evaluator1 unscored
// assignments in the open second round. Seeding twice changes nothing.
func seedEvaluation(ctx context.Context, d *db.DB, now time.Time) error {
	es, err := newEvalSeeder(ctx, d, CovidRound1)
	if err != nil {
		return err
	}
	var approved int
	if err := db.Get(ctx, d, &approved, `SELECT COUNT(*) FROM committee_sessions WHERE call_id = ? AND status = 'approved'`,
		es.call.ID); err != nil || approved > 0 {
		return err
	}
	closed := *es.call.ClosesAt
	es.at(closed.Add(1 * day))
	if err := es.committee(ctx, evaluators); err != nil {
		return err
	}
	if err := es.assign(ctx); err != nil {
		return err
	}
	es.at(closed.Add(3 * day))
	if err := es.conflict(ctx); err != nil {
		return err
	}
	es.at(closed.Add(8 * day))
	if err := es.scoreAll(ctx); err != nil {
		return err
	}
	es.at(closed.Add(12 * day))
	if err := es.session(ctx); err != nil {
		return err
	}
	return seedPendingReviews(ctx, d, now)
}

func newEvalSeeder(ctx context.Context, d *db.DB, ref string) (*evalSeeder, error) {
	c, err := call.NewStore(d).ByReference(ctx, ref)
	profiles, perr := donor.Load()
	cat, cerr := i18n.Load()
	if err := errors.Join(err, perr, cerr); err != nil {
		return nil, err
	}
	rs := review.NewStore(d, profiles)
	rs.Cat = cat // evaluators get their assignment notices, as in the portal
	es := &evalSeeder{d: d, reviews: rs, awards: award.NewStore(d, rs, cat), cat: cat, call: c, people: map[string]auth.User{}}
	for _, a := range Accounts {
		u, err := auth.NewStore(d).UserByEmail(ctx, a.Email)
		if err != nil {
			return nil, err
		}
		es.people[a.Email] = u
	}
	return es, nil
}

// at sets the clock of both stores: the demo's evaluation happened over
// the days after the call closed.
func (es *evalSeeder) at(t time.Time) {
	clock := func() time.Time { return t }
	es.reviews.Now, es.awards.Now = clock, clock
}

// committee adds the chair, the secretary and the voting evaluators that
// are not members yet.
func (es *evalSeeder) committee(ctx context.Context, voters []evaluator) error {
	members, err := es.reviews.Members(ctx, es.call.ID)
	if err != nil {
		return err
	}
	have := map[int64]bool{}
	for _, m := range members {
		have[m.UserID] = true
	}
	in := []review.MemberInput{
		{UserID: es.people[chairEmail].ID, Role: review.Chair, Languages: []string{"sq", "en"}},
		{UserID: es.people[secretaryEmail].ID, Role: review.Secretary, Languages: []string{"sq", "en"}},
	}
	for _, v := range voters {
		in = append(in, review.MemberInput{UserID: es.people[v.Email].ID, Role: review.Voting, Languages: v.Languages})
	}
	for _, m := range in {
		if have[m.UserID] {
			continue
		}
		if _, err := es.reviews.AddMember(ctx, es.call.ID, m, es.people[chairEmail].ID); err != nil {
			return fmt.Errorf("committee member %d: %w", m.UserID, err)
		}
	}
	return nil
}

// assign gives every eligible application two evaluators, preferring those
// who read the applicant's language.
func (es *evalSeeder) assign(ctx context.Context) error {
	res, err := es.reviews.AutoAssign(ctx, es.call.ID, "full",
		review.AutoOptions{PreferLanguage: true, By: es.people[chairEmail].ID})
	if err != nil {
		return fmt.Errorf("assign evaluators: %w", err)
	}
	if len(res.Unfilled) > 0 {
		return fmt.Errorf("assign evaluators: %d applications without enough evaluators", len(res.Unfilled))
	}
	return nil
}

// conflict: the third evaluator once worked for the applicant of its first
// assignment, declares it and is replaced.
func (es *evalSeeder) conflict(ctx context.Context) error {
	v := es.people[evaluators[2].Email]
	work, err := es.reviews.Worklist(ctx, v.ID)
	if err != nil || len(work) == 0 {
		return errors.Join(err, errors.New("the third evaluator has no assignment"))
	}
	_, _, err = es.reviews.Declare(ctx, work[0].AssignmentID, v.ID, review.DeclarationInput{Conflict: true, Lang: v.Lang,
		Statement: es.cat.T(i18n.Lang(v.Lang), "committee.declare.statement"), Comment: conflictComment})
	return err
}

const conflictComment = "I was a member of this organisation's board until last year."
