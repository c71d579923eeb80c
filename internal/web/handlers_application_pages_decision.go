package web

import (
	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/i18n"
)

// decisionView is the committee's approved decision on an application as
// its page shows it first: the amount, the scores and what happens next.
type decisionView struct {
	Decision          string // award, reserve, reject
	Amount, Requested string
	Reduced           string // why the amount is lower than requested
	Final             string
	Rank, ReserveRank int
	Sections          []sectionScoreView
	NextStep          string
}

// sectionScoreView is one section's mean score against its maximum.
type sectionScoreView struct {
	Title      i18n.Shown
	Score, Max string
	Threshold  int
	Passed     bool
}

// decisionOf is the approved decision on ac's application when the scope
// reads its letter (access.Scope.Letters), else nil.
func (s *Server) decisionOf(c *gin.Context, p *Page, ac *appCtx, sc access.Scope) *decisionView {
	switch ac.app.Status {
	case application.Awarded, application.Reserve, application.Rejected:
	default:
		return nil
	}
	if !p.Can("award", "view") {
		return nil
	}
	l, err := s.awardStore().LetterFor(c.Request.Context(), ac.app.ID, sc)
	if err != nil {
		return nil
	}
	lang := p.Lang
	dv := &decisionView{Decision: l.Decision.Decision, Amount: p.Money(l.Decision.AmountMinor, ac.app.Currency),
		Requested: p.Money(l.Decision.RequestedMinor, ac.app.Currency), Final: hundredths(lang, l.Decision.FinalX100),
		Rank: l.Decision.Rank, ReserveRank: l.Decision.ReserveRank}
	if r := l.Decision.ReducedReason; r != "" && l.Decision.AmountMinor < l.Decision.RequestedMinor {
		dv.Reduced = r
		if s.cat.Has(r) {
			dv.Reduced = p.T(r)
		}
	}
	for _, sr := range l.Sections {
		v := sectionScoreView{Title: i18n.Shown{Text: sr.Code, Lang: lang, Reader: lang}, Score: hundredths(lang, sr.MeanX100),
			Max: i18n.Number(lang, int64(sr.Max)), Threshold: sr.Threshold, Passed: sr.Passed}
		for _, gs := range l.Grid.Sections {
			if gs.Code == sr.Code {
				v.Title = i18n.Pick(lang, gs.TitleSQ, gs.TitleEN, gs.TitleSR)
			}
		}
		dv.Sections = append(dv.Sections, v)
	}
	return dv
}

// nextStep says what happens after the decision, to the reader's role:
// staff prepare the agreement; the applicant waits for it, then signs.
func nextStep(p *Page, dv *decisionView, hasGrant bool) string {
	switch {
	case dv.Decision != "award":
		return p.T("appdecision.next." + dv.Decision)
	case hasGrant:
		return p.T("appdecision.next.agreement_ready")
	case p.Can("grant", "create"):
		return p.T("appdecision.next.prepare_agreement")
	}
	return p.T("appdecision.next.await_agreement")
}
