package browser

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// Every page of grids, committees, assignments, scoring, consolidation,
// ranking and committee sessions passes axe, as the user who works with
// it: officers in Albanian (some pages also in English), evaluators in
// Serbian and English. Each refused form shows its summary and announces
// every failed field.
func TestAccessibilityEvaluation(t *testing.T) {
	h := newAxeHarness(t)
	ev := seedEvaluation(t, h)

	t.Run("pages", func(t *testing.T) {
		t.Run("program officer", func(t *testing.T) {
			t.Parallel()
			officerEvaluationPages(t, h, ev)
		})
		t.Run("program officer forms", func(t *testing.T) {
			t.Parallel()
			officerEvaluationForms(t, h, ev)
		})
		t.Run("admin", func(t *testing.T) {
			t.Parallel()
			b := h.tab(t)
			b.signIn(webtest.Admin, i18n.EN)
			b.checkPages(i18n.EN, callPath(ev.gridCall, "/grid/edit"), callPath(ev.scoreCall, "/assignments"),
				callPath(ev.awardCall, "/ranking"))
			b.checkQuery(i18n.EN, callPath(ev.scoreCall, "/scores"), "?normalise=1")
			b.refuse(i18n.EN, callPath(ev.gridCall, "/grid/edit"), submitButton,
				map[string]string{"scale_max": "0", "sections[1].criteria[0].title_en": ""},
				"f-scale-max", "f-sections[1].criteria[0].title-en")
		})
		t.Run("evaluator 1", func(t *testing.T) {
			t.Parallel()
			evaluator1Pages(t, h, ev)
		})
		t.Run("evaluator 2", func(t *testing.T) {
			t.Parallel()
			b := h.tab(t)
			b.signIn(webtest.Evaluator2, i18n.EN)
			declare := "/assignments/" + itoa(ev.toDeclare) + "/declare"
			b.checkPages(i18n.EN, "/reviews")
			b.want(`main a[href="`+declare+`"]`, 1)
			b.checkPages(i18n.EN, declare)
			b.want(`main input[type="radio"][name="conflict"]`, 2)
			// Neither answer chosen.
			b.refuseWith(i18n.EN, declare, `main form button[type="submit"]`, 422, nil, "")
			b.wantDescribed("#f-conflict")
		})
	})
	t.Run("score form by keyboard", func(t *testing.T) { scoreByKeyboard(t, h, ev) })
}

// evaluator1Pages checks evaluator_1's worklist, score form and own
// reviews in Serbian, and refuses the score form three ways.
func evaluator1Pages(t *testing.T, h *harness, ev evaluation) {
	b := h.tab(t)
	b.signIn(webtest.Evaluator1, i18n.SR)
	form := "/assignments/" + itoa(ev.toScore) + "/review"
	b.checkPages(i18n.SR, "/reviews")
	b.want(`main a[href="`+form+`"]`, 1)
	b.checkFits("/reviews")
	b.checkPages(i18n.SR, form)
	b.want(`main form fieldset.score-scale input[type="radio"][name^="scores["]`, 4*5) // four criteria on a 1–5 scale
	b.want(`main form textarea[name^="scores["]`, 4)
	b.checkFits(form)
	b.checkQuery(i18n.SR, form, "?beside=1")
	b.want(`main aside.score-beside`, 1)
	b.checkPages(i18n.SR, "/applications/"+itoa(ev.a1)+"/reviews")
	// A score off the scale, in a draft (a radio's value altered: the form
	// itself offers only the scale).
	b.refuseWith(i18n.SR, form, `main form button[name="action"][value="draft"]`, 422, nil,
		`(() => { const r = document.getElementById("f-scores[1.1].score"); r.value = "7"; r.checked = true; return true; })()`)
	if failed := b.checkInvalidControls(); !slices.Contains(failed, "f-scores[1.1].score") {
		t.Errorf("%s: the off-scale score is not in error: %v", form, failed)
	}
	// A submission with a score and every justification missing.
	b.refuse(i18n.SR, form, `main form button[name="action"][value="submit"]`,
		map[string]string{"scores[1.1].score": "4", "scores[1.2].score": "", "scores[1.1].justification": "kratko"},
		"f-scores[1.2].score", "f-scores[1.1].justification", "f-scores[2.2].justification")
	// A general comment over 5,000 characters.
	b.refuse(i18n.SR, form, `main form button[name="action"][value="draft"]`,
		map[string]string{"comment": strings.Repeat("k", 5001)}, "f-comment")
}

// officerEvaluationPages checks the program officer's pages in Albanian,
// and opens the award call's session through the ranking page.
func officerEvaluationPages(t *testing.T, h *harness, ev evaluation) {
	b := h.tab(t)
	b.signIn(webtest.ProgramOfficer, i18n.SQ)
	grid, edit := callPath(ev.gridCall, "/grid"), callPath(ev.gridCall, "/grid/edit")
	b.checkPages(i18n.SQ, grid)
	b.want(`main section table tbody th[scope="row"]`, 16) // the EU full grid's criteria
	b.checkQuery(i18n.SQ, grid, "?stage=concept")
	b.checkPages(i18n.SQ, edit)
	b.want(`main form fieldset.card`, 5)
	b.checkQuery(i18n.SQ, edit, "?stage=concept")
	b.checkPages(i18n.SQ, callPath(ev.scoreCall, "/grid"), callPath(ev.scoreCall, "/committee"))
	b.want(`main table tbody tr`, 6) // chair, secretary, four evaluators
	b.checkPages(i18n.SQ, callPath(ev.scoreCall, "/assignments"))
	b.want(`main form[action^="/assignments/"] input[name="reason"]`, 7) // the active assignments
	b.want(`main details.remove`, 7)
	b.checkFits(callPath(ev.scoreCall, "/assignments"))
	b.checkPages(i18n.SQ, "/applications/"+itoa(ev.a1)+"/reviews")
	b.want(`main form[action$="/reopen"]`, 2)
	b.want(`main form[action$="/divergence"]`, 1)
	b.checkFits("/applications/" + itoa(ev.a1) + "/reviews")
	b.checkPages(i18n.SQ, "/applications/"+itoa(ev.b1)+"/reviews", callPath(ev.scoreCall, "/scores"))
	b.want(`main table tbody tr`, 2)
	b.checkQuery(i18n.SQ, callPath(ev.scoreCall, "/scores"), "?normalise=1")
	b.want(`main table thead th`, 4+2+4+4) // application and totals, sections, results, normalised
	b.checkFits(callPath(ev.scoreCall, "/scores"))

	b.refuse(i18n.SQ, edit, submitButton, map[string]string{"pass_mark": "500", "sections[0].title_sr": "",
		"sections[1].criteria[0].weight": "3"}, "f-pass-mark", "f-sections[0].title-sr", "f-sections[1].criteria[0].weight")
	b.refuse(i18n.SQ, callPath(ev.scoreCall, "/committee"), `form[action="`+callPath(ev.scoreCall, "/committee")+`"] button`,
		map[string]string{"user_id": ""}, "f-user-id")

	ranking := callPath(ev.awardCall, "/ranking")
	b.checkPages(i18n.SQ, ranking)
	b.checkFits(ranking)
	b.checkQuery(i18n.SQ, ranking, "?sort=final&decision=award")
	open := `form[action="` + callPath(ev.awardCall, "/sessions") + `"] button`
	b.refuse(i18n.SQ, ranking, open, map[string]string{"held_on": ""}, "f-held-on")
	b.openOK(ranking)
	b.fill(map[string]string{"held_on": "2026-05-12"})
	if got := b.follow("open the session", chromedp.Click(chromedp.CSS(open))); got != 200 {
		t.Fatalf("open the session: status %d", got)
	}
	session := b.path()
	if !strings.HasPrefix(session, "/sessions/") {
		t.Fatalf("opening the session led to %s", session)
	}
	b.checkPages(i18n.SQ, session, ranking)
	b.want(`main a[href="`+session+`"]`, 1)
	b.refuse(i18n.SQ, session, submitButton, map[string]string{"held_on": ""}, "f-held-on")
	sessionForms(b, ev, session)
}

// want fails unless n elements match css on the page shown: the page is in
// the state the test means to check.
func (b *tab) want(css string, n int) {
	b.t.Helper()
	if got := b.count(css); got != n {
		b.t.Errorf("%s: %d elements match %s, want %d", b.path(), got, css, n)
	}
}

// callPath is the path of a call's page.
func callPath(id int64, rest string) string { return "/calls/" + itoa(id) + rest }

// checkQuery is checkPages for a path with a query string.
func (b *tab) checkQuery(lang i18n.Lang, path, query string) {
	b.t.Helper()
	if got := b.open(path + query); got != 200 {
		b.t.Fatalf("GET %s%s: status %d, want 200", path, query, got)
	}
	b.wantPath(path)
	b.wantLang(lang)
	b.checkAxe()
	b.checkIDs()
}
