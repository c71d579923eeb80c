package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
)

// reserveAttempt takes one attempt from th for key; when the key is locked
// it answers 429 with Retry-After and the page with msgKey in its error
// summary, and returns false.
func (s *Server) reserveAttempt(c *gin.Context, th *auth.Throttle, key, msgKey string, p *Page, render func(status int)) bool {
	wait, err := th.Reserve(c.Request.Context(), key)
	if err == nil {
		return true
	}
	if !apperr.Is(err, apperr.TooMany) {
		s.fail(c, err)
		return false
	}
	c.Header("Retry-After", strconv.Itoa(max(1, int(wait/time.Second))))
	p.Form.Errors.Add("form", msgKey)
	render(http.StatusTooManyRequests)
	return false
}
