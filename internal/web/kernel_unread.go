package web

import (
	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/notify"
)

const unreadKey = "portal.unread"

// unreadOf is the signed-in user's count of unread notifications for the
// header, read once per request (one indexed COUNT) and kept on the
// context; a failure shows no count rather than failing the page.
func (s *Server) unreadOf(c *gin.Context, userID int64) int {
	if n, ok := c.Get(unreadKey); ok {
		if n, ok := n.(int); ok {
			return n
		}
	}
	n, err := notify.Unread(c.Request.Context(), s.db, userID)
	if err != nil {
		s.log.WarnContext(c.Request.Context(), "unread notifications", "err", err)
		n = 0
	}
	c.Set(unreadKey, n)
	return n
}
