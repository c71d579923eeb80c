package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/i18n"
)

// problemView is one problem of the check page, linked to its field.
type problemView struct {
	Section, Message, Href string
}

// appCheckData is the check page: every problem, and the submit button
// when there is none.
type appCheckData struct {
	App      application.Application
	Call     callView
	Problems []problemView
	Writable bool
	Refusal  string // why the last submission was refused
}

// checkApplication lists every problem that stops submission, each with a
// link to its section and field.
func (s *Server) checkApplication(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok {
		return
	}
	s.renderCheck(c, ac, http.StatusOK, "")
}

func (s *Server) renderCheck(c *gin.Context, ac *appCtx, status int, refusal string) {
	p := s.newPage(c, "apppages.check.title")
	p.Title = p.T("apppages.check.title") + " – " + titleOr(p, ac.app.Title)
	ac.steps(p)
	d := appCheckData{App: ac.app, Call: s.viewOf(p, ac.call, ac.lots), Writable: ac.Writable(), Refusal: refusal}
	if ac.app.Editable() {
		for _, pr := range application.Check(ac.app, ac.call, ac.lots, ac.profile, s.now()) {
			pv := problemView{Message: s.problemMessage(p.Lang, pr)}
			if sec := sectionOf(pr.Field); sec != "" {
				pv.Section = p.T("apppages.section." + sec)
				pv.Href = appPath(ac.app.ID, "/edit/"+sec) + "#" + fieldID(pathName(pr.Field, codesOf(ac.app)))
			}
			d.Problems = append(d.Problems, pv)
		}
	}
	p.Data = d
	s.render(c, status, "applications/check", p)
}

func codesOf(a application.Application) []string {
	var out []string
	for _, g := range a.TargetGroups {
		out = append(out, g.Code)
	}
	return out
}

// submitApplication submits a draft and shows its receipt; after the
// deadline, or while problems remain, the check page says why (409, 422).
func (s *Server) submitApplication(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ac, ok := s.loadApp(c)
	if !ok {
		return
	}
	_, err := ac.st.Submit(c.Request.Context(), ac.app.ID, ac.sc, submitter(c))
	if err == nil {
		s.setFlash(c, "apppages.flash.submitted")
		c.Redirect(http.StatusSeeOther, appPath(ac.app.ID, "/receipt"))
		return
	}
	e := apperr.As(err)
	lang := s.lang(c)
	switch e.Code {
	case apperr.Invalid, apperr.Conflict:
		msg := s.cat.T(lang, e.Key)
		if e.Key == "applications.error.deadline_passed" {
			msg = s.cat.T(lang, e.Key, "deadline", deadlineText(s.cat, lang, ac.call))
		}
		s.renderCheck(c, ac, statusOf(e.Code), msg)
	default:
		s.respondError(c, err)
	}
}

// appReceiptData is the receipt page.
type appReceiptData struct {
	App         application.Application
	Call        callView
	Receipt     application.Receipt
	SubmittedAt string
	Totals      totalsView
}

// receiptPage shows the proof of a submission: reference, time in the
// call's time zone, totals and the snapshot's SHA-256.
func (s *Server) receiptPage(c *gin.Context) {
	ac, rc, ok := s.loadReceipt(c)
	if !ok {
		return
	}
	p := s.newPage(c, "apppages.receipt.title")
	ac.steps(p)
	p.Data = appReceiptData{App: ac.app, Call: s.viewOf(p, ac.call, ac.lots), Receipt: rc,
		SubmittedAt: submittedText(s.cat, p.Lang, ac, rc), Totals: totalsOf(p, ac.app.Budget, ac.profile, ac.app.Currency)}
	s.render(c, http.StatusOK, "applications/receipt", p)
}

// loadReceipt loads a submitted application and its receipt; a draft has
// none (404).
func (s *Server) loadReceipt(c *gin.Context) (*appCtx, application.Receipt, bool) {
	ac, ok := s.loadApp(c)
	if !ok {
		return nil, application.Receipt{}, false
	}
	rc, err := ac.st.Receipt(c.Request.Context(), ac.app.ID, ac.sc)
	if err != nil {
		if apperr.Is(err, apperr.Conflict) {
			err = apperr.New(apperr.NotFound, "error.not_found")
		}
		s.respondError(c, err)
		return nil, rc, false
	}
	return ac, rc, true
}

func submittedText(cat *i18n.Catalogue, lang i18n.Lang, ac *appCtx, rc application.Receipt) string {
	return cat.When(lang, rc.SubmittedAt, ac.call.TimeZone)
}

// withdrawData is the confirmation page of a withdrawal.
type withdrawData struct {
	App  application.Application
	Call callView
}

// withdrawForm asks for confirmation and an optional reason.
func (s *Server) withdrawForm(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok {
		return
	}
	s.renderWithdraw(c, ac, http.StatusOK, "", nil)
}

func (s *Server) renderWithdraw(c *gin.Context, ac *appCtx, status int, reason string, err error) {
	p := s.newPage(c, "apppages.withdraw.title")
	ac.steps(p)
	f := newForm(p, "reason")
	f.Values["reason"] = reason
	if err != nil {
		f.setError(err)
	}
	p.Data = withdrawData{App: ac.app, Call: s.viewOf(p, ac.call, ac.lots)}
	s.render(c, status, "applications/withdraw", p)
}

// withdrawApplication withdraws a draft or submitted application before
// the deadline.
func (s *Server) withdrawApplication(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ac, ok := s.loadApp(c)
	if !ok {
		return
	}
	reason := postValue(c, "reason")
	err := ac.st.Withdraw(c.Request.Context(), ac.app.ID, ac.sc, reason)
	switch {
	case err == nil:
		s.setFlash(c, "apppages.flash.withdrawn")
		c.Redirect(http.StatusSeeOther, appPath(ac.app.ID, ""))
	case apperr.Is(err, apperr.Invalid), apperr.Is(err, apperr.Conflict):
		s.renderWithdraw(c, ac, statusOf(apperr.CodeOf(err)), reason, err)
	default:
		s.respondError(c, err)
	}
}
