package web

import (
	"context"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/config"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/static"
)

// lang is the user's language, else the visitor's cookie, else Albanian.
func (s *Server) lang(c *gin.Context) i18n.Lang {
	if u := currentUser(c); u != nil {
		if l, ok := i18n.ParseLang(u.Lang); ok {
			return l
		}
	}
	if v, err := c.Cookie(langCookie); err == nil {
		if l, ok := i18n.ParseLang(v); ok {
			return l
		}
	}
	return i18n.Default
}

func (s *Server) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.cfg.Env == config.Prod, SameSite: http.SameSiteLaxMode,
	})
}

// setFlash leaves a catalogue key for the next page (Post/Redirect/Get).
func (s *Server) setFlash(c *gin.Context, key string) { s.setCookie(c, flashCookie, key, 60) }

func (s *Server) takeFlash(c *gin.Context) string {
	v, err := c.Cookie(flashCookie)
	if err != nil || v == "" {
		return ""
	}
	s.setCookie(c, flashCookie, "", -1)
	return v
}

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

func contentType(name string) string {
	switch {
	case strings.HasSuffix(name, ".css"):
		return "text/css; charset=utf-8"
	case strings.HasSuffix(name, ".js"):
		return "text/javascript; charset=utf-8"
	case strings.HasSuffix(name, ".svg"):
		return "image/svg+xml"
	default:
		return "application/octet-stream"
	}
}
