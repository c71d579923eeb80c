package demo

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/db"
)

// checkEvaluation: the first round of the COVID-19 call is fully evaluated: three
// evaluators scored every eligible application with justifications, one
// declared a conflict and was replaced, one divergence brought a third
// evaluator, the chair approved a session with at least 45 awards within
// each lot's budget and a reserve list, and every applicant has a letter
// with its PDF. evaluator1 has unscored work in the open second round.
//
// TestSeedApplications seeds the database and calls it.
func checkEvaluation(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.Get(ctx, d, &n, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	round1 := `(SELECT id FROM calls WHERE reference = '` + CovidRound1 + `')`
	statuses := map[string]int{}
	for _, st := range []string{"awarded", "reserve", "rejected", "ineligible", "eligible", "evaluated"} {
		statuses[st] = count(`SELECT COUNT(*) FROM applications WHERE call_id = `+round1+` AND status = ?`, st)
	}
	if statuses["awarded"] < 45 || statuses["reserve"] < 1 || statuses["rejected"] < 1 || statuses["ineligible"] != 2 ||
		statuses["eligible"]+statuses["evaluated"] != 0 {
		t.Errorf("round 1 statuses %v: want at least 45 awarded, a reserve list, rejections and nothing left open", statuses)
	}
	if n := count(`SELECT COUNT(*) FROM call_lots l WHERE l.call_id = ` + round1 + ` AND l.budget_minor <
		(SELECT COALESCE(SUM(x.amount_minor), 0) FROM award_decisions x WHERE x.lot_id = l.id AND x.decision = 'award')`); n != 0 {
		t.Errorf("%d lots awarded beyond their budget", n)
	}
	if n := count(`SELECT COUNT(*) FROM applications a WHERE a.call_id = ` + round1 + ` AND a.status <> 'ineligible' AND
		(SELECT COUNT(*) FROM reviews r JOIN review_assignments ra ON ra.id = r.assignment_id
		 WHERE ra.application_id = a.id AND r.status = 'submitted') < 2`); n != 0 {
		t.Errorf("%d evaluated applications with fewer than 2 submitted reviews", n)
	}
	if n := count(`SELECT COUNT(*) FROM review_scores s JOIN reviews r ON r.id = s.review_id WHERE length(s.justification) < 20`); n != 0 {
		t.Errorf("%d scores without a justification", n)
	}
	if n := count(`SELECT COUNT(*) FROM review_assignments ra JOIN coi_declarations c ON c.application_id = ra.application_id
		AND c.user_id = ra.user_id AND c.conflict WHERE ra.status = 'recused'`); n != 1 {
		t.Errorf("%d recusals after a declared conflict, want 1", n)
	}
	if n := count(`SELECT COUNT(*) FROM review_assignments ra JOIN reviews r ON r.assignment_id = ra.id
		WHERE ra.further AND r.status = 'submitted'`); n < 1 {
		t.Error("no divergence was settled by a further evaluator")
	}
	if n := count(`SELECT COUNT(*) FROM committee_sessions WHERE call_id = ` + round1 + ` AND status = 'approved'`); n != 1 {
		t.Errorf("%d approved sessions, want 1", n)
	}
	if n := count(`SELECT COUNT(*) FROM outbox WHERE attachment_type = 'application/pdf'`); n != 60+dayCareLetters+storyApps {
		t.Errorf("%d letters with a PDF in the outbox, want 60 for the first round, %d for the day-care call and %d for the further programmes",
			n, dayCareLetters, storyApps)
	}
	if n := count(`SELECT COUNT(*) FROM review_assignments ra JOIN users u ON u.id = ra.user_id
		JOIN applications a ON a.id = ra.application_id
		WHERE u.email = 'evaluator1@demo.example' AND ra.status = 'active' AND a.call_id <> ` + round1 + `
		AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.assignment_id = ra.id)`); n < 1 {
		t.Error("evaluator1 has no unscored assignment in another call")
	}
}
