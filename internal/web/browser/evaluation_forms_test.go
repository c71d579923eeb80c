package browser

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// officerEvaluationForms refuses the officer's and the chair's smaller
// forms: removing an assignment or reopening a review without a reason,
// settling a divergence without a note, and opening a session while
// reviews are pending. Each error summary link leads to its field, and
// each field is announced.
func officerEvaluationForms(t *testing.T, h *harness, ev evaluation) {
	b := h.tab(t)
	b.signIn(webtest.ProgramOfficer, i18n.SQ)
	asg := itoa(ev.toScore)
	b.refuseWith(i18n.SQ, callPath(ev.scoreCall, "/assignments"), `form[action="/assignments/`+asg+`/remove"] button`, 422,
		map[string]string{"#reason-" + asg: ""}, // the form sits behind its "Remove …" disclosure: open it
		`(() => { const d = document.querySelector('form[action="/assignments/`+asg+`/remove"]').closest("details");
			d.querySelector("summary").click(); return d.open; })()`)
	b.want(`form[action="/assignments/`+asg+`/remove"]`, 1)
	b.want(`details.remove[open]`, 1) // the refused form stays open beside its error
	b.wantAnnounced(`form[action="/assignments/` + asg + `/remove"] input[name="reason"]`)

	reviews := "/applications/" + itoa(ev.a1) + "/reviews"
	b.refuseWith(i18n.SQ, reviews, `form[action="/reviews/`+itoa(ev.reopen)+`/reopen"] button`, 422, nil, "")
	b.wantAnnounced(`form[action="/reviews/` + itoa(ev.reopen) + `/reopen"] textarea[name="reason"]`)
	b.refuse(i18n.SQ, reviews, `form[action="/applications/`+itoa(ev.a1)+`/divergence"] button`,
		map[string]string{"note": ""}, "f-note")

	// A1 still waits for evaluator_1: the session cannot be opened (409).
	ranking := callPath(ev.scoreCall, "/ranking")
	b.checkPages(i18n.SQ, ranking)
	b.refuseWith(i18n.SQ, ranking, `form[action="`+callPath(ev.scoreCall, "/sessions")+`"] button`, 409,
		map[string]string{"held_on": "2026-05-12"}, "")
	b.want("main #f-form", 1) // the summary's link leads to the message
}

// sessionForms refuses the draft session's form: minutes too long with a
// member present who is not on the committee, an amount that is no
// amount, and awarding the reserve application over the lot's budget.
func sessionForms(b *tab, ev evaluation, session string) {
	b.t.Helper()
	b.refuseWith(i18n.SQ, session, submitButton, 422, map[string]string{"minutes": strings.Repeat("m", 20001)},
		`(() => { const c = document.querySelector('main input[name="present"]'); c.value = "999999999"; c.checked = true; return true; })()`)
	b.wantAnnounced("#f-minutes")
	b.wantDescribed("#f-present")
	a := "override[" + itoa(ev.awardA) + "]."
	b.refuse(i18n.SQ, session, submitButton, map[string]string{a + "action": "reduce", a + "amount": "12abc",
		a + "reason": "Buxheti i kufizuar"}, "f-"+a+"amount")
	r := "override[" + itoa(ev.awardB) + "]."
	b.refuse(i18n.SQ, session, submitButton, map[string]string{r + "action": "award", r + "reason": "E nevojshme"}, "f-"+r+"action")
}

// refuseWith opens path, fills values, runs the expression prepare (when
// given; it must return true), presses button and wants status at the
// form's action in lang, with its error summary, no axe violation and
// sound ids. The fields are checked by the caller: they need not sit in a
// .field (inline forms, fieldsets, the form's own message).
func (b *tab) refuseWith(lang i18n.Lang, path, button string, status int64, values map[string]string, prepare string) {
	b.t.Helper()
	b.openOK(path)
	if len(values) > 0 {
		b.fill(values)
	}
	if prepare != "" {
		var ok bool
		if b.js(prepare, &ok); !ok {
			b.t.Fatalf("%s: could not prepare the form", path)
		}
	}
	q, _ := json.Marshal(button)
	var action string
	b.js(`document.querySelector(`+string(q)+`).form.getAttribute("action")`, &action)
	if got := b.follow("submit "+path, chromedp.Click(chromedp.CSS(button))); got != status {
		b.t.Fatalf("%s with %v: status %d, want %d", path, values, got, status)
	}
	b.wantPath(action)
	b.wantLang(lang)
	b.checkErrorSummary()
	b.checkAxe()
	b.checkIDs()
}

// wantAnnounced: the control is announced invalid and described by its
// error message.
func (b *tab) wantAnnounced(css string) {
	b.t.Helper()
	if !b.wantDescribed(css).Invalid {
		b.t.Errorf("%s: %s is in error but not announced invalid", b.path(), css)
	}
}

// wantDescribed: the element (a control or a fieldset) has an error
// message, named by its aria-describedby, that its accessible description
// carries.
func (b *tab) wantDescribed(css string) axInfo {
	b.t.Helper()
	q, _ := json.Marshal(css)
	var msg string
	b.js(`(() => { const e = document.querySelector(`+string(q)+`);
		const ids = e ? (e.getAttribute("aria-describedby") || "").split(/\s+/) : [];
		const m = ids.map(id => document.getElementById(id)).find(m => m && m.classList.contains("field-error"));
		return m ? m.textContent.replace(/\s+/g, " ").trim() : ""; })()`, &msg)
	ax := b.axNode(css)
	if msg == "" {
		b.t.Errorf("%s: %s names no error message in aria-describedby", b.path(), css)
	} else if !strings.Contains(squash(ax.Description), msg) {
		b.t.Errorf("%s: %s: accessible description %q does not carry its error %q", b.path(), css, ax.Description, msg)
	}
	return ax
}
