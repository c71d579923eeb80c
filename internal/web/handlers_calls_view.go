package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/authz"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/i18n"
)

// callView is a call as pages show it: texts in the page's language,
// moments in the call's time zone and in words.
type callView struct {
	call.Call
	Status      string
	Title       i18n.Shown
	Description i18n.Shown
	Opens       string
	Deadline    string
	TimeLeft    string
	Lots        []call.Lot
}

func (s *Server) viewOf(p *Page, c call.Call, lots []call.Lot) callView {
	now := s.now()
	v := callView{Call: c, Status: string(c.StatusAt(now)), Title: c.Titles().In(p.Lang), Description: c.Descriptions().In(p.Lang),
		Lots: lots}
	loc := c.Location()
	if c.OpensAt != nil {
		v.Opens = i18n.DateTime(p.Lang, *c.OpensAt, loc)
	}
	if c.ClosesAt != nil {
		v.Deadline = i18n.DateTime(p.Lang, *c.ClosesAt, loc) + " (" + c.TimeZone + ")"
	}
	if call.IsOpen(c, now) {
		v.TimeLeft = timeLeft(p, call.Deadline(c).Sub(now))
	}
	return v
}

// timeLeft says in words how long until the deadline.
func timeLeft(p *Page, d time.Duration) string {
	switch days, hours := int(d.Hours())/24, int(d.Hours()); {
	case days >= 1:
		return p.T("calls.left_days", "n", days)
	case hours >= 1:
		return p.T("calls.left_hours", "n", hours)
	}
	return p.T("calls.left_less_hour")
}

// callViewer decides which calls the request may see: staff (those who may
// view every programme) see every call, donor officers every call of their
// programmes, everyone else published calls only.
func (s *Server) callViewer(c *gin.Context) (call.Viewer, error) {
	u := currentUser(c)
	if u == nil {
		return call.Viewer{}, nil
	}
	c.Header("Cache-Control", "no-store") // what a signed-in user sees is its own
	rel, err := s.authz.Scope(string(u.Role), "programme", "view")
	switch {
	case err != nil:
		return call.Viewer{}, nil
	case rel == authz.Any:
		return call.Viewer{Staff: true}, nil
	case rel == authz.OwnOrg:
		ids, err := s.accounts.OrgIDsOf(c.Request.Context(), u.ID)
		return call.Viewer{DonorOrgIDs: ids}, err
	}
	return call.Viewer{}, nil
}

// questionViewer: moderators (call:edit) see every question; other users
// see the published ones and their own organisations'.
func (s *Server) questionViewer(c *gin.Context) (call.QuestionViewer, error) {
	u := currentUser(c)
	if u == nil {
		return call.QuestionViewer{}, nil
	}
	if _, err := s.authz.Scope(string(u.Role), "call", "edit"); err == nil {
		return call.QuestionViewer{Moderator: true}, nil
	}
	ids, err := s.accounts.OrgIDsOf(c.Request.Context(), u.ID)
	return call.QuestionViewer{OrgIDs: ids}, err
}

// visibleCall loads a call the request may see; NotFound otherwise, so a
// draft's existence does not leak.
func (s *Server) visibleCall(c *gin.Context) (call.Call, bool) {
	return s.callWithin(c, s.viewerAccess)
}

// callWithin loads the call of the route's :id when the request's access
// (built by access) reaches it; it answers 404 (or 500) itself and
// reports false when it cannot.
func (s *Server) callWithin(c *gin.Context, access func(*gin.Context) (callAccess, error)) (call.Call, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return call.Call{}, false
	}
	acc, err := access(c)
	if err != nil {
		s.fail(c, err)
		return call.Call{}, false
	}
	cl, err := s.callStore().ByID(c.Request.Context(), id)
	if err != nil {
		s.respondError(c, err)
		return call.Call{}, false
	}
	if !acc.Reaches(cl) {
		s.notFound(c)
		return call.Call{}, false
	}
	return cl, true
}

// PercentBP formats basis points as a percentage for the page's language
// ("90 %", "90,5 %", "90.5%").
func (p *Page) PercentBP(bp int64) string {
	whole, frac := bp/100, bp%100
	s := i18n.Number(p.Lang, whole)
	if frac != 0 {
		sep := ","
		if p.Lang == i18n.EN {
			sep = "."
		}
		f := strconv.FormatInt(frac+100, 10)[1:]
		s += sep + strings.TrimRight(f, "0")
	}
	if p.Lang == i18n.EN {
		return s + "%"
	}
	return s + " %"
}
