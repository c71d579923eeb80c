package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/config"
	"github.com/subgrant/portal/internal/i18n"
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

func (s *Server) clearSessionCookie(c *gin.Context) { s.setCookie(c, s.sessionCookie(), "", -1) }

// sendDocument answers a download: an attachment that is never sniffed.
func sendDocument(c *gin.Context, name, contentType string, b []byte) {
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, contentType, b)
}
