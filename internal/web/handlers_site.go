package web

import (
	"context"
	"io/fs"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/static"
)

// setLanguage remembers the choice in a cookie and, for a signed-in user, in
// the account.
func (s *Server) setLanguage(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	l, ok := i18n.ParseLang(postValue(c, "lang"))
	if !ok {
		s.renderStatusPage(c, http.StatusUnprocessableEntity, "error.bad_request_title", "error.bad_language")
		return
	}
	s.setCookie(c, langCookie, string(l), 365*24*3600)
	if u := currentUser(c); u != nil {
		if err := s.accounts.SetLang(c.Request.Context(), u.ID, string(l)); err != nil {
			s.respondError(c, err)
			return
		}
	}
	c.Redirect(http.StatusSeeOther, safeNext(postValue(c, "next"), "/"))
}

func (s *Server) landing(c *gin.Context) {
	p := s.newPage(c, "landing.title")
	s.render(c, http.StatusOK, "site/landing", p)
}

// healthz answers 200 when the database answers, 503 otherwise.
func (s *Server) healthz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.db.PingContext(ctx); err != nil {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "database": "down"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok", "database": string(s.db.Driver), "version": s.version})
}

// static serves the embedded assets with a day of caching.
func (s *Server) static(c *gin.Context) {
	name := c.Param("filepath")
	if len(name) > 0 && name[0] == '/' {
		name = name[1:]
	}
	b, err := fs.ReadFile(static.FS, name)
	if err != nil || name == "embed.go" {
		s.notFound(c)
		return
	}
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, contentType(name), b)
}
