package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/dashboard"
)

type statusPageData struct {
	Status dashboard.Status
	Latest int64 // the highest migration applied
	Count  int64 // how many are applied
}

// statusPage is the administrator's readable status: the database engine,
// the migrations applied and the e-mail outbox (the raw counters stay on
// /metrics for monitoring).
func (s *Server) statusPage(c *gin.Context) {
	st, err := dashboard.New(s.db).Status(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "dash.status.title")
	d := statusPageData{Status: st}
	d.Count = int64(len(st.Migrations))
	for _, m := range st.Migrations {
		d.Latest = max(d.Latest, m.Version)
	}
	p.Data = d
	s.render(c, http.StatusOK, "home/status", p)
}
