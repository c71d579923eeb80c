package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/award"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/money"
)

// sessionData is the committee session page.
type sessionData struct {
	Session   award.Session
	CallTitle i18n.Shown
	Draft     bool
	Approved  string
	Committee []memberView
	Overrides []overrideView
	Ranking   rankingData
}

type memberView struct {
	ID, Name, Role string
	Checked        bool
}

// overrideView is the committee's change to one application's decision.
type overrideView struct {
	Legend                 string
	Action, Amount, Reason FieldView
}

// openSession is POST /calls/:id/sessions: the secretary opens the stage's
// session; a refusal shows the ranking again with the message.
func (s *Server) openSession(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok || !s.parseForm(c) {
		if !ok {
			s.notFound(c)
		}
		return
	}
	ctx, st := c.Request.Context(), s.awardStore()
	stage := postValue(c, "stage")
	in, fe := s.sessionForm(c, nil)
	err := fe.Err()
	var sid int64
	if err == nil {
		sid, err = st.Open(ctx, id, stage, currentUser(c).ID, in)
	}
	if err == nil {
		s.setFlash(c, "award.session.flash_opened")
		c.Redirect(http.StatusSeeOther, "/sessions/"+strconv.FormatInt(sid, 10))
		return
	}
	code := apperr.CodeOf(err)
	if code != apperr.Invalid && code != apperr.Conflict {
		s.respondError(c, err)
		return
	}
	if err := award.CheckStage(stage); err != nil {
		stage = "full"
	}
	r, rerr := st.Ranking(ctx, id, stage, requestScope(c))
	if rerr != nil {
		s.respondError(c, rerr)
		return
	}
	p := s.newPage(c, "award.ranking.title")
	f := newForm(p, "held_on")
	f.Values["held_on"] = postValue(c, "held_on")
	f.setError(err)
	s.renderRanking(c, statusOf(code), p, r)
}

// sessionForm reads the session's fields and, for the decisions given,
// the committee's overrides; bad values are field errors.
func (s *Server) sessionForm(c *gin.Context, ds []award.Decision) (award.SessionInput, apperr.FieldErrors) {
	fe := apperr.FieldErrors{}
	in := award.SessionInput{Location: c.Request.PostForm.Get("location"), Minutes: c.Request.PostForm.Get("minutes")}
	t, err := time.Parse("2006-01-02", postValue(c, "held_on"))
	if err != nil {
		fe.Add("held_on", "award.error.held_on")
	}
	in.HeldOn = t
	for _, v := range c.Request.PostForm["present"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.Present = append(in.Present, id)
		} else {
			fe.Add("present", "award.error.not_member")
		}
	}
	lang := string(s.lang(c))
	for _, d := range ds {
		base := "override[" + strconv.FormatInt(d.ApplicationID, 10) + "]."
		action := postValue(c, base+"action")
		if action == "" {
			continue
		}
		ov := award.Override{ApplicationID: d.ApplicationID, Action: action, Reason: c.Request.PostForm.Get(base + "reason")}
		if amt := postValue(c, base+"amount"); amt != "" {
			n, err := money.Parse(lang, amt)
			if err != nil {
				fe.Add(base+"amount", "award.error.amount")
			}
			ov.AmountMinor = n
		}
		in.Overrides = append(in.Overrides, ov)
	}
	return in, fe
}

// loadSession reads the session of :id (officers only reach this route).
func (s *Server) loadSession(c *gin.Context) (award.Session, award.Ranking, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return award.Session{}, award.Ranking{}, false
	}
	ctx, st := c.Request.Context(), s.awardStore()
	sess, err := st.Session(ctx, id, requestScope(c))
	if err != nil {
		s.respondError(c, err)
		return sess, award.Ranking{}, false
	}
	r, err := st.Ranking(ctx, sess.CallID, sess.Stage, requestScope(c))
	if err != nil {
		s.respondError(c, err)
		return sess, r, false
	}
	return sess, r, true
}

// sessionPage is GET /sessions/:id.
func (s *Server) sessionPage(c *gin.Context) {
	sess, r, ok := s.loadSession(c)
	if !ok {
		return
	}
	p := s.newPage(c, "award.session.title")
	f := newForm(p, "held_on", "location", "minutes", "present")
	f.Values["held_on"], f.Values["location"], f.Values["minutes"] = sess.HeldOn.Format("2006-01-02"), sess.Location, sess.Minutes
	present := map[int64]bool{}
	for _, m := range sess.Members {
		present[m.UserID] = true
	}
	for _, ov := range sess.Overrides() {
		base := "override[" + strconv.FormatInt(ov.ApplicationID, 10) + "]."
		f.Values[base+"action"], f.Values[base+"reason"] = ov.Action, ov.Reason
		if ov.AmountMinor > 0 {
			f.Values[base+"amount"] = hundredths(p.Lang, ov.AmountMinor)
		}
	}
	s.renderSession(c, http.StatusOK, p, sess, r, present)
}

// saveSession is POST /sessions/:id: a refusal keeps what was typed.
func (s *Server) saveSession(c *gin.Context) {
	sess, r, ok := s.loadSession(c)
	if !ok || !s.parseForm(c) {
		return
	}
	in, fe := s.sessionForm(c, sess.Decisions)
	err := fe.Err()
	if err == nil {
		err = s.awardStore().Update(c.Request.Context(), sess.ID, in)
	}
	if err == nil {
		s.setFlash(c, "award.session.flash_saved")
		c.Redirect(http.StatusSeeOther, "/sessions/"+strconv.FormatInt(sess.ID, 10))
		return
	}
	code := apperr.CodeOf(err)
	if code != apperr.Invalid && code != apperr.Conflict {
		s.respondError(c, err)
		return
	}
	p := s.newPage(c, "award.session.title")
	f := newForm(p, "held_on", "location", "minutes", "present")
	for k, vs := range c.Request.PostForm {
		if len(vs) > 0 && k != "present" {
			f.Values[k] = vs[0]
		}
	}
	f.setError(err)
	present := map[int64]bool{}
	for _, id := range in.Present {
		present[id] = true
	}
	s.renderSession(c, statusOf(code), p, sess, r, present)
}

// approveSession is POST /sessions/:id/approve (the call's chair only).
func (s *Server) approveSession(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	if err := s.awardStore().Approve(c.Request.Context(), id, currentUser(c).ID); err != nil {
		s.respondError(c, err)
		return
	}
	s.setFlash(c, "award.session.flash_approved")
	c.Redirect(http.StatusSeeOther, "/sessions/"+strconv.FormatInt(id, 10))
}

func (s *Server) renderSession(c *gin.Context, status int, p *Page, sess award.Session, r award.Ranking, present map[int64]bool) {
	committee, err := s.awardStore().Committee(c.Request.Context(), sess.CallID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p.sessionSteps(sess.CallID, r.Call.Titles().In(p.Lang), sess.Stage)
	d := sessionData{Session: sess, CallTitle: r.Call.Titles().In(p.Lang), Draft: sess.Status == award.Draft}
	if sess.ApprovedAt != nil {
		d.Approved = p.Date(*sess.ApprovedAt)
	}
	for _, m := range committee {
		d.Committee = append(d.Committee, memberView{ID: strconv.FormatInt(m.UserID, 10), Name: m.Name,
			Role: p.T("award.role." + m.Role), Checked: present[m.UserID]})
	}
	actions := []string{"", "award.session.action_none", award.Reduce, "award.session.action_reduce",
		award.Exclude, "award.session.action_exclude", award.Promote, "award.session.action_award"}
	if sess.Stage == "concept" {
		actions = actions[:2]
		actions = append(actions, award.Exclude, "award.session.action_exclude")
	}
	for _, dd := range sess.Decisions {
		base := "override[" + strconv.FormatInt(dd.ApplicationID, 10) + "]."
		d.Overrides = append(d.Overrides, overrideView{
			Legend: p.T("award.session.override_for", "reference", r.Apps[dd.ApplicationID].Reference,
				"decision", p.T("award.decision."+dd.Decision)),
			Action: p.Form.Select(base+"action", "award.session.action", actions...),
			Amount: p.Form.Field(base+"amount", "text", "award.session.amount"),
			Reason: p.Form.Field(base+"reason", "text", "award.session.reason")})
	}
	d.Ranking = s.rankingView(p, r, nil)
	p.Data = d
	s.render(c, status, "award/session", p)
}
