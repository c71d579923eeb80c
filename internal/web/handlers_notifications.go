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

const (
	notificationsPerPage = 20
	maxListPage          = 100_000
)

type notificationsData struct {
	Items  []notificationView
	Unread int
	Pager  pagerView
}

type notificationView struct {
	ID      int64
	Event   string // its catalogue name
	Subject string
	Body    string
	Link    string
	At      string
	Unread  bool
}

// notificationList is the user's notifications, newest first, a page at a
// time; unread ones say so in words.
func (s *Server) notificationList(c *gin.Context) {
	ctx, uid := c.Request.Context(), currentUser(c).ID
	page, _ := strconv.Atoi(c.Query("page"))
	page = min(max(page, 1), maxListPage) // a huge page number is an empty page, not an overflow
	total, err := notify.Count(ctx, s.db, uid)
	if err != nil {
		s.fail(c, err)
		return
	}
	items, err := notify.List(ctx, s.db, uid, notificationsPerPage, (page-1)*notificationsPerPage)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "notifications.title")
	d := notificationsData{Unread: p.Unread,
		Pager: pagerOf(c, application.Page{Total: total, Page: page, PerPage: notificationsPerPage})}
	for _, n := range items {
		v := notificationView{ID: n.ID, Subject: n.Subject, Body: n.Body, Link: n.Link, Unread: n.ReadAt == nil,
			At: i18n.DateTime(p.Lang, n.CreatedAt, time.UTC) + " UTC"}
		if key := "notify.event." + n.Event; s.cat.Has(key) {
			v.Event = p.T(key)
		}
		d.Items = append(d.Items, v)
	}
	p.Data = d
	s.render(c, http.StatusOK, "notifications/list", p)
}

// notificationOpen marks one notification read and follows its link (the
// list when it has none). Another user's id answers 404.
func (s *Server) notificationOpen(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	n, err := notify.Open(c.Request.Context(), s.db, currentUser(c).ID, id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	to := n.Link
	if to == "" || to[0] != '/' || (len(to) > 1 && (to[1] == '/' || to[1] == '\\')) {
		to = "/notifications"
	}
	c.Redirect(http.StatusSeeOther, to)
}

// notificationsReadAll marks every notification of the user read.
func (s *Server) notificationsReadAll(c *gin.Context) {
	if err := notify.MarkRead(c.Request.Context(), s.db, currentUser(c).ID, 0); err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "notifications.all_read")
	c.Redirect(http.StatusSeeOther, "/notifications")
}
