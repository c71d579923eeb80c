package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/subgrant/portal/internal/award"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review"
)

// justifications are the evaluators' comments per score, in their
// languages (%s is the criterion's code).
var justifications = map[string][6]string{
	"sq": {"", "%s: propozimi nuk e trajton këtë kriter; mungojnë të dhënat bazë.",
		"%s: trajtim i dobët, me mangësi të rëndësishme në analizë dhe në plan.",
		"%s: i përshtatshëm, por disa pjesë duhen sqaruar dhe forcuar.",
		"%s: i mirë dhe i argumentuar, me dobësi të vogla.",
		"%s: shumë i mirë, i qartë, i matshëm dhe i mbështetur me prova."},
	"sr": {"", "%s: predlog ne obrađuje ovaj kriterijum; nedostaju osnovni podaci.",
		"%s: slabo obrađeno, sa značajnim nedostacima u analizi i planu.",
		"%s: odgovarajuće, ali neke delove treba pojasniti i ojačati.",
		"%s: dobro i obrazloženo, sa manjim slabostima.",
		"%s: veoma dobro, jasno, merljivo i potkrepljeno dokazima."},
	"en": {"", "%s: the proposal does not address this criterion; basic data is missing.",
		"%s: weak, with significant gaps in the analysis and the plan.",
		"%s: adequate, but some parts need clarifying and strengthening.",
		"%s: good and well argued, with minor weaknesses.",
		"%s: very good, clear, measurable and backed by evidence."},
}

// scoreAll has every evaluator declare and score each of its assignments,
// again while divergences bring further evaluators, then lets the chair
// settle any divergence no further evaluator could take.
func (es *evalSeeder) scoreAll(ctx context.Context) error {
	order, err := es.appOrder(ctx)
	if err != nil {
		return err
	}
	if es.divergent, err = es.firstOf(ctx, evaluators[1]); err != nil {
		return err
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
			if err := es.reviews.ResolveDivergence(ctx, c.ApplicationID, es.people[chairEmail].ID, resolutionNote); err != nil {
				return fmt.Errorf("resolve divergence of %d: %w", c.ApplicationID, err)
			}
		}
	}
	return nil
}

const resolutionNote = "The committee discussed the differing scores with the evaluators and keeps the mean of all scores."

// appOrder numbers the call's eligible applications by id, which decides
// their invented quality.
func (es *evalSeeder) appOrder(ctx context.Context) (map[int64]int, error) {
	var ids []int64
	if err := db.Select(ctx, es.d, &ids, `SELECT id FROM applications WHERE call_id = ? AND status = 'eligible' ORDER BY id`,
		es.call.ID); err != nil {
		return nil, err
	}
	order := map[int64]int{}
	for i, id := range ids {
		order[id] = i
	}
	return order, nil
}

// scoreWork declares and scores the evaluator's open assignments in this
// call and reports how many it submitted.
func (es *evalSeeder) scoreWork(ctx context.Context, ev int, v evaluator, order map[int64]int) (int, error) {
	u := es.people[v.Email]
	work, err := es.reviews.Worklist(ctx, u.ID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, w := range work {
		if w.CallID != es.call.ID || w.ReviewStatus == review.SubmittedReview {
			continue
		}
		if !w.Declared {
			if _, _, err := es.reviews.Declare(ctx, w.AssignmentID, u.ID, review.DeclarationInput{Lang: u.Lang,
				Statement: es.cat.T(i18n.Lang(u.Lang), "committee.declare.statement")}); err != nil {
				return n, fmt.Errorf("declare %d: %w", w.AssignmentID, err)
			}
		}
		sheet, err := es.reviews.Sheet(ctx, w.AssignmentID, u.ID)
		if err != nil {
			return n, err
		}
		bias := v.Bias
		if ev == 1 && w.ApplicationID == es.divergent && !w.Further {
			bias = -25 // the harsh evaluator's outlier, which a third evaluator settles
		}
		in := review.ReviewInput{Scores: scoresFor(sheet.Grid, order[w.ApplicationID], ev, bias, u.Lang), Submit: true}
		if _, err := es.reviews.SaveReview(ctx, w.AssignmentID, u.ID, in); err != nil {
			return n, fmt.Errorf("score %d: %w", w.AssignmentID, err)
		}
		n++
	}
	return n, nil
}

// firstOf is the first application assigned to v in this call: the
// harsh evaluator's outlier is there.
func (es *evalSeeder) firstOf(ctx context.Context, v evaluator) (int64, error) {
	work, err := es.reviews.Worklist(ctx, es.people[v.Email].ID)
	if err != nil {
		return 0, err
	}
	for _, w := range work {
		if w.CallID == es.call.ID {
			return w.ApplicationID, nil
		}
	}
	return 0, fmt.Errorf("evaluator %s has no assignment", v.Email)
}

// scoresFor invents an evaluator's scores: each application has a quality
// (every thirteenth is weak), each evaluator a bias, each score a little
// noise; the justification says what the score means.
func scoresFor(g review.Grid, app, ev, bias int, lang string) []review.ScoreInput {
	q := 33 + (app*37)%17 // tenths of a point: 3.3 to 4.9
	if app%13 == 5 {
		q = 20
	}
	texts, ok := justifications[lang]
	if !ok {
		texts = justifications["en"]
	}
	var out []review.ScoreInput
	k := 0
	for _, s := range g.Sections {
		for _, c := range s.Criteria {
			noise := (app*7+k*3+ev*5)%7 - 3
			score := min(max((q+bias+noise+5)/10, g.ScaleMin), g.ScaleMax)
			out = append(out, review.ScoreInput{Criterion: c.Code, Score: strconv.Itoa(score),
				Justification: fmt.Sprintf(texts[min(max(score, 1), 5)], c.Code)})
			k++
		}
	}
	return out
}

// session records the committee's meeting and the chair approves it: the
// applications take their statuses and the letters go out.
func (es *evalSeeder) session(ctx context.Context) error {
	var id int64
	err := db.Get(ctx, es.d, &id, `SELECT id FROM committee_sessions WHERE call_id = ? AND stage = 'full'`, es.call.ID)
	if err != nil {
		present := []int64{es.people[chairEmail].ID, es.people[secretaryEmail].ID}
		for _, v := range evaluators {
			present = append(present, es.people[v.Email].ID)
		}
		held := es.reviews.Now().Truncate(day)
		id, err = es.awards.Open(ctx, es.call.ID, "full", es.people[secretaryEmail].ID, award.SessionInput{
			HeldOn: held, Location: "Prishtinë, zyra e Qendrës për Zhvillim Shoqëror", Minutes: sessionMinutes, Present: present})
		if err != nil {
			return fmt.Errorf("open committee session: %w", err)
		}
	}
	if err := es.awards.Approve(ctx, id, es.people[chairEmail].ID); err != nil {
		return fmt.Errorf("approve committee session: %w", err)
	}
	return nil
}

const sessionMinutes = `Komisioni u mblodh me të gjithë anëtarët. Kryesuesja konfirmoi se çdo vlerësues nënshkroi deklaratën e paanshmërisë; një vlerësuese deklaroi konflikt interesi për një aplikim dhe u zëvendësua.
Për një aplikim vlerësimet ndryshonin me më shumë se 20 pikë; një vlerësues i tretë e vlerësoi dhe komisioni mori mesataren e të gjitha vlerësimeve.
Komisioni miratoi renditjen për secilin lot, vijën e financimit brenda buxhetit të lotit dhe listën rezervë.`

// seedPendingReviews gives evaluator1 (and evaluator2) assignments in the
// open second round, not yet declared nor scored, so evaluator1's worklist
// has work waiting.
func seedPendingReviews(ctx context.Context, d *db.DB, now time.Time) error {
	es, err := newEvalSeeder(ctx, d, CovidCall)
	if err != nil {
		return err
	}
	es.at(now)
	if err := es.committee(ctx, evaluators[:2]); err != nil {
		return err
	}
	return es.assign(ctx)
}
