package web

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"
	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/notify"
)

type notificationPrefsData struct {
	Events []notificationPrefView
}

type notificationPrefView struct {
	Event, ID, Label, Hint string
	Email                  bool
}

// notificationPrefs shows one "also by e-mail" checkbox per event type; the
// in-app notification always comes.
func (s *Server) notificationPrefs(c *gin.Context) {
	ctx, uid := c.Request.Context(), currentUser(c).ID
	p := s.newPage(c, "notifications.prefs.title")
	var d notificationPrefsData
	for _, ev := range notify.Events {
		on, err := notify.WantsEmail(ctx, s.db, uid, ev)
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Events = append(d.Events, notificationPrefView{Event: ev, ID: "email-" + dash(ev), Email: on,
			Label: p.T("notify.event." + ev), Hint: p.T("notify.event_hint." + ev)})
	}
	p.Data = d
	s.render(c, http.StatusOK, "notifications/prefs", p)
}

// saveNotificationPrefs stores every event's choice at once: a box that is
// not ticked is e-mail off. Values that name no event are ignored.
func (s *Server) saveNotificationPrefs(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	chosen := c.Request.PostForm["email"]
	uid := currentUser(c).ID
	err := s.db.Tx(c.Request.Context(), func(tx *sqlx.Tx) error {
		for _, ev := range notify.Events {
			if err := notify.SetEmail(c.Request.Context(), tx, uid, ev, slices.Contains(chosen, ev)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "notifications.prefs.saved")
	c.Redirect(http.StatusSeeOther, "/account/notifications")
}

// dash makes an event type usable in an element id (dots and underscores
// become hyphens).
func dash(s string) string {
	out := []byte(s)
	for i, b := range out {
		if b == '.' || b == '_' {
			out[i] = '-'
		}
	}
	return string(out)
}
