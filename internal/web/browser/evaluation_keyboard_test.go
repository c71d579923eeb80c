package browser

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review/scoretest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// scoreByKeyboard fills and submits evaluator_1's score form for B1 with
// the keyboard alone: the skip link, Tab from field to field (each shows
// its focus), typing, and Enter on the submit button. The review is then
// submitted with the typed scores, and the page says it is locked.
func scoreByKeyboard(t *testing.T, h *harness, ev evaluation) {
	b := h.tab(t)
	b.signIn(webtest.Evaluator1, i18n.EN)
	form := "/assignments/" + itoa(ev.keyboard) + "/review"
	b.openOK(form)
	if f := b.pressTab(); f.Class != "skip-link" {
		t.Fatalf("first Tab focuses <%s class=%q>, want the skip link", f.Tag, f.Class)
	}
	b.do("activate the skip link", chromedp.KeyEvent(kb.Enter))
	typed := map[string]string{"1.1": "4", "1.2": "5", "2.1": "3", "2.2": "4"}
	for _, code := range scoretest.Codes {
		// The scale is a radio group: Tab reaches its first point, Space
		// picks it, each arrow moves one point up the scale.
		b.tabTo("f-scores[" + code + "].score")
		b.do("pick the first point of "+code, chromedp.KeyEvent(" "))
		n, _ := strconv.Atoi(typed[code])
		for range n - 1 {
			b.do("one point up on "+code, chromedp.KeyEvent(kb.ArrowRight))
		}
		b.tabTo("f-scores[" + code + "].justification")
		b.do("type the justification of "+code, chromedp.KeyEvent("Argumentuar me prova për "+code+"."))
	}
	// The running total follows the radios (JavaScript): 4 + 5×2 + 3 + 4.
	var total string
	b.js(`document.querySelector("[data-score-total]").textContent`, &total)
	if want := h.cat.T(i18n.EN, "reviews.form.total", "points", "21", "max", 25); total != want {
		t.Errorf("%s: running total %q, want %q", form, total, want)
	}
	submit := h.T(i18n.EN, "reviews.form.submit")
	for i := 0; ; i++ {
		if i == 10 {
			t.Fatalf("%s: Tab never reached the button %q", form, submit)
		}
		if f := b.pressTab(); f.Tag == "button" && f.Text == submit {
			break
		}
	}
	if got := b.follow("press Enter on submit", chromedp.KeyEvent(kb.Enter)); got != 200 {
		t.Fatalf("submit by keyboard: status %d, want 200", got)
	}
	// The confirmation step: its own button submits.
	b.wantPath(form)
	b.checkAxe()
	confirm := h.T(i18n.EN, "reviews.confirm.button")
	for i := 0; ; i++ {
		if i == 30 {
			t.Fatalf("%s: Tab never reached the button %q", form, confirm)
		}
		if f := b.pressTab(); f.Tag == "button" && f.Text == confirm {
			break
		}
	}
	if got := b.follow("press Enter on confirm", chromedp.KeyEvent(kb.Enter)); got != 200 {
		t.Fatalf("confirm by keyboard: status %d, want 200", got)
	}
	// A submitted review lands on the work list, where the next one waits;
	// the form, opened again, is read only.
	b.wantPath("/reviews")
	b.checkAxe()
	if got := b.open(form); got != 200 {
		t.Fatalf("%s after submission: status %d", form, got)
	}
	if b.count(`main form button[value="submit"]`) != 0 {
		t.Errorf("%s: the submitted review still offers the submit button", form)
	}
	b.checkAxe()

	var rows []struct {
		Code          string `db:"code"`
		Score         string `db:"score"`
		Justification string `db:"justification"`
	}
	if err := db.Select(context.Background(), h.env.DB, &rows, `SELECT c.code, CAST(s.score AS TEXT) AS score, s.justification
		FROM reviews r JOIN review_scores s ON s.review_id = r.id JOIN eval_criteria c ON c.id = s.criterion_id
		WHERE r.assignment_id = ? AND r.status = 'submitted' ORDER BY c.code`, ev.keyboard); err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(typed) {
		t.Fatalf("submitted review has %d scores, want %d", len(rows), len(typed))
	}
	for _, r := range rows {
		if r.Score != typed[r.Code] || r.Justification != "Argumentuar me prova për "+r.Code+"." {
			t.Errorf("criterion %s saved as %s %q, want %s and the typed justification", r.Code, r.Score, r.Justification, typed[r.Code])
		}
	}
}
