package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/authz"
	"github.com/subgrant/portal/internal/i18n"
)

// pointView is one checklist point as the pages and the API show it.
type pointView struct {
	Code   string
	Label  i18n.Shown // an added point's stored label, a default point's catalogue text
	Stored application.PointResult
	Why    []string // the suggestion's reasons, translated
}

// pointViews labels the points in lang and translates the suggestions.
func (s *Server) pointViews(lang i18n.Lang, ps []application.PointResult) []pointView {
	out := make([]pointView, 0, len(ps))
	for _, p := range ps {
		v := pointView{Code: p.Code, Label: p.Labels().In(lang), Stored: p}
		if !p.Custom() {
			v.Label = i18n.Shown{Text: s.cat.T(lang, "screening.point."+p.Code), Lang: lang, Reader: lang}
		}
		if p.Suggested != nil {
			for _, w := range p.Suggested.Why {
				v.Why = append(v.Why, s.problemMessage(lang, w))
			}
		}
		out = append(out, v)
	}
	return out
}

// screeningData is the checklist page: the officer's form, or the decision
// alone for the applicant organisation.
type screeningData struct {
	App       application.Application
	CallTitle i18n.Shown
	Points    []pointView
	Decision  *application.Decision
	Officer   bool // may record points and decide
	Checkable bool // the status lets points be recorded
	Decidable bool
	Results   []string
}

// canScreen reports whether the user checks applications of any
// organisation (the application:check permission).
func (s *Server) canScreen(c *gin.Context) bool {
	u := currentUser(c)
	rel, err := s.authz.Scope(string(u.Role), "application", "check")
	return err == nil && rel == authz.Any
}

// screeningPage shows the checklist to officers and the decision with its
// reasons to the applicant organisation (404 to anyone else).
func (s *Server) screeningPage(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok {
		return
	}
	p := s.newPage(c, "screening.title")
	newForm(p)
	s.renderScreening(c, http.StatusOK, p, ac, false)
}

// renderScreening renders the checklist; unless posted, the form starts
// from what is recorded, else from the portal's suggestions.
func (s *Server) renderScreening(c *gin.Context, status int, p *Page, ac *appCtx, posted bool) {
	ac.steps(p)
	scr, err := ac.st.Screening(c.Request.Context(), ac.app.ID, ac.sc)
	if err != nil {
		s.respondError(c, err)
		return
	}
	d := screeningData{App: ac.app, CallTitle: ac.call.Titles().In(p.Lang), Decision: scr.Decision,
		Officer: ac.sc.All() && s.canScreen(c), Results: application.PointResults,
		Checkable: ac.app.Status == application.Submitted || ac.app.Status == application.InfoRequested,
		Decidable: ac.app.Status == application.Submitted}
	d.Points = s.pointViews(p.Lang, scr.Points)
	for _, v := range d.Points {
		if posted {
			continue
		}
		res, reason := v.Stored.Result, v.Stored.Reason
		if res == "" && v.Stored.Suggested != nil {
			res, reason = v.Stored.Suggested.Result, strings.Join(v.Why, " ")
		}
		p.Form.Values[application.ResultField(v.Code)] = res
		p.Form.Values[application.ReasonField(v.Code)] = reason
	}
	p.Data = d
	s.render(c, status, "screening/checklist", p)
}

// saveScreening records the points and, when a decision button was
// pressed, decides; a refusal shows the form again (422) with what was
// typed.
func (s *Server) saveScreening(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok || !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	ps, err := ac.st.Points(ctx, ac.app.CallID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "screening.title")
	f := newForm(p)
	var in []application.PointInput
	for _, pt := range ps {
		res, reason := postValue(c, application.ResultField(pt.Code)), c.Request.PostForm.Get(application.ReasonField(pt.Code))
		f.Values[application.ResultField(pt.Code)], f.Values[application.ReasonField(pt.Code)] = res, reason
		in = append(in, application.PointInput{Code: pt.Code, Result: res, Reason: reason})
	}
	uid := currentUser(c).ID
	err = ac.st.RecordPoints(ctx, ac.app.ID, ac.sc, uid, in)
	action := postValue(c, "action")
	if err == nil && (action == "eligible" || action == "ineligible") {
		err = ac.st.Decide(ctx, ac.app.ID, ac.sc, uid, action == "eligible")
	}
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		f.setError(err)
		s.renderScreening(c, http.StatusUnprocessableEntity, p, ac, true)
		return
	}
	if action != "eligible" && action != "ineligible" {
		s.setFlash(c, "screening.flash.saved")
		c.Redirect(http.StatusSeeOther, appPath(ac.app.ID, "/screening"))
		return
	}
	s.setFlash(c, "screening.flash."+action)
	c.Redirect(http.StatusSeeOther, s.nextToScreen(c, ac))
}

// addScreeningPoint adds a point, labelled in three languages, to the
// checklist of the application's call.
func (s *Server) addScreeningPoint(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok || !s.parseForm(c) {
		return
	}
	np := application.NewPoint{LabelSQ: postValue(c, "label_sq"), LabelEN: postValue(c, "label_en"), LabelSR: postValue(c, "label_sr")}
	if _, err := ac.st.AddPoint(c.Request.Context(), ac.app.CallID, currentUser(c).ID, np); err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		p := s.newPage(c, "screening.title")
		f := newForm(p, "label_sq", "label_en", "label_sr")
		f.Values["label_sq"], f.Values["label_en"], f.Values["label_sr"] = np.LabelSQ, np.LabelEN, np.LabelSR
		f.setError(err)
		s.renderScreening(c, http.StatusUnprocessableEntity, p, ac, false)
		return
	}
	s.setFlash(c, "screening.flash.point_added")
	c.Redirect(http.StatusSeeOther, appPath(ac.app.ID, "/screening"))
}

// ResultName is the form name of the point's result radio buttons.
func (v pointView) ResultName() string { return application.ResultField(v.Code) }

// ReasonName is the form name of the point's reason.
func (v pointView) ReasonName() string { return application.ReasonField(v.Code) }

// ID is the base of the ids of the point's radio buttons.
func (v pointView) ID() string { return fieldID("point-" + v.Code) }

// ResultID is the id the error summary links to for the point's result.
func (v pointView) ResultID() string { return fieldID(v.ResultName()) }

// ReasonID is the id of the point's reason.
func (v pointView) ReasonID() string { return fieldID(v.ReasonName()) }

// nextToScreen is where an officer lands after deciding on an application:
// the screening of the call's next submitted application (the longest
// waiting first), or the call's list when none is left.
func (s *Server) nextToScreen(c *gin.Context, ac *appCtx) string {
	pg, err := ac.st.List(c.Request.Context(), application.Filter{CallID: ac.app.CallID, Status: application.Submitted,
		Sort: "submitted", Page: 1, PerPage: 1}, ac.sc)
	if err == nil && len(pg.Items) > 0 && pg.Items[0].ID != ac.app.ID {
		return appPath(pg.Items[0].ID, "/screening")
	}
	return "/calls/" + strconv.FormatInt(ac.app.CallID, 10) + "/applications"
}
