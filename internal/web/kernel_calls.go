package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review"
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
	if c.OpensAt != nil {
		v.Opens = p.cat.When(p.Lang, *c.OpensAt, c.TimeZone)
	}
	if c.ClosesAt != nil {
		v.Deadline = p.cat.When(p.Lang, *c.ClosesAt, c.TimeZone)
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
		return p.N("calls.left_days", days)
	case hours >= 1:
		return p.N("calls.left_hours", hours)
	}
	return p.T("calls.left_less_hour")
}

// visibleCall loads a call the request may see on the public pages
// (publicScope); NotFound otherwise, so a draft's existence does not leak.
func (s *Server) visibleCall(c *gin.Context) (call.Call, bool) {
	return s.callWithin(c, publicScope(c))
}

// callWithin loads the call of the route's :id when sc reaches it; it
// answers 404 (or 500) itself and reports false when it cannot.
func (s *Server) callWithin(c *gin.Context, sc access.Scope) (call.Call, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return call.Call{}, false
	}
	cl, err := s.callStore().Get(c.Request.Context(), id, sc)
	if err != nil {
		s.respondError(c, err)
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

// callStages lists the stages of a call for the pages' stage switches:
// concept and full for a two-stage call, full alone otherwise.
func callStages(twoStage bool) []string {
	if twoStage {
		return []string{review.StageConcept, review.StageFull}
	}
	return []string{review.StageFull}
}
