package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

const outboxPerPage = 50

type outboxData struct {
	Items         []outboxRowView
	Total, Failed int
	MaxAttempts   int
	Pager         pagerView
}

type outboxRowView struct {
	ID                int64
	To, Subject       string
	Created, LastTry  string
	Attempts          int
	Failed, Retryable bool
	LastError         string
}

// outboxPage lists the mail that has not gone out, failed first, with the
// last error of each and a Retry button.
func (s *Server) outboxPage(c *gin.Context) {
	page, _ := strconv.Atoi(c.Query("page"))
	pg, err := notify.Unsent(c.Request.Context(), s.db, page, outboxPerPage)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "outbox.title")
	d := outboxData{Total: pg.Total, Failed: pg.Failed, MaxAttempts: notify.MaxAttempts,
		Pager: pagerOf(c, application.Page{Total: pg.Total, Page: pg.Page, PerPage: pg.PerPage})}
	at := func(t time.Time) string { return i18n.DateTime(p.Lang, t, time.UTC) + " UTC" }
	for _, r := range pg.Items {
		v := outboxRowView{ID: r.ID, To: r.To, Subject: r.Subject, Created: at(r.CreatedAt), Attempts: r.Attempts,
			Failed: r.Failed(), Retryable: r.Attempts > 0, LastError: r.LastError}
		if r.LastAttemptAt != nil {
			v.LastTry = at(*r.LastAttemptAt)
		}
		d.Items = append(d.Items, v)
	}
	p.Data = d
	s.render(c, http.StatusOK, "notifications/outbox", p)
}

// outboxRetry makes a failed (or waiting) message due again at once; the
// background sender takes it on its next round. Audited in notify.Retry.
func (s *Server) outboxRetry(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	if err := notify.Retry(c.Request.Context(), s.db, id); err != nil {
		s.respondError(c, err)
		return
	}
	s.setFlash(c, "outbox.retried")
	c.Redirect(http.StatusSeeOther, "/admin/outbox")
}
