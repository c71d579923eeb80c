package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/config"
	"github.com/subgrant/portal/internal/i18n"
)

// contentSecurityPolicy allows no inline script or style and no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries, 404s, static
// files and panics included.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if s.cfg.Env == config.Prod {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// crossOriginDenied answers a cross-site unsafe request with a translated 403.
func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	lang := i18n.Default
	if c, err := r.Cookie(langCookie); err == nil {
		lang, _ = i18n.ParseLang(c.Value)
	}
	htmlError(w, http.StatusForbidden, s.cat.T(lang, "error.cross_origin"))
}

const requestIDKey = "request_id"

func (s *Server) withRequestID(c *gin.Context) {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	c.Set(requestIDKey, id)
	c.Header("X-Request-ID", id)
	c.Next()
}

func requestID(c *gin.Context) string { return c.GetString(requestIDKey) }

// observe logs each request (never its query, cookies or headers, which may
// hold tokens) and records metrics by route pattern.
func (s *Server) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	elapsed := time.Since(start)
	status := c.Writer.Status()
	s.metrics.observe(c.Request.Method, route, status, elapsed)
	attrs := []any{"method", c.Request.Method, "route", route, "path", c.Request.URL.Path, "status", status,
		"ms", elapsed.Milliseconds(), "request_id", requestID(c)}
	if u := currentUser(c); u != nil {
		attrs = append(attrs, "user_id", u.ID)
	}
	if len(c.Errors) > 0 {
		attrs = append(attrs, "error", c.Errors.String())
	}
	s.log.Info("request", attrs...)
}

// recoverPanic turns a panic into a translated 500 page with the request id.
// Unlike gin's own recovery it never logs the request headers.
func (s *Server) recoverPanic(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			s.log.Error("panic", "request_id", requestID(c), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			c.Abort()
			s.internalError(c)
		}
	}()
	c.Next()
}

// fail logs an unexpected error and answers 500.
func (s *Server) fail(c *gin.Context, err error) {
	s.log.Error("internal error", "request_id", requestID(c), "error", err.Error())
	c.Abort()
	s.internalError(c)
}

func (s *Server) internalError(c *gin.Context) {
	if isAPI(c) {
		s.problem(c, http.StatusInternalServerError, "error.internal", nil)
		return
	}
	p := s.newPage(c, "error.internal_title")
	p.Data = statusData{Body: p.T("error.internal", "id", requestID(c))}
	t, ok := s.pages["errors/status"]
	if !ok {
		htmlError(c.Writer, http.StatusInternalServerError, "500 "+requestID(c))
		return
	}
	var sb strings.Builder
	if err := t.ExecuteTemplate(&sb, "base", p); err != nil {
		htmlError(c.Writer, http.StatusInternalServerError, "500 "+requestID(c))
		return
	}
	c.Data(http.StatusInternalServerError, "text/html; charset=utf-8", []byte(sb.String()))
}

func (s *Server) notFound(c *gin.Context) {
	if isAPI(c) {
		s.problem(c, http.StatusNotFound, "error.not_found", nil)
		return
	}
	s.renderStatusPage(c, http.StatusNotFound, "error.not_found_title", "error.not_found")
}

// respondError maps a domain error to a status and a page or problem.
func (s *Server) respondError(c *gin.Context, err error) {
	e := apperr.As(err)
	status := statusOf(e.Code)
	if status == http.StatusInternalServerError {
		s.fail(c, err)
		return
	}
	if isAPI(c) {
		s.problem(c, status, e.Key, e.Fields)
		return
	}
	s.renderStatusPage(c, status, titleFor(status), e.Key)
}

// statusOf is the one place where error codes become HTTP statuses.
func statusOf(code apperr.Code) int {
	switch code {
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Invalid:
		return http.StatusUnprocessableEntity
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.TooMany:
		return http.StatusTooManyRequests
	default:
		return http.StatusInternalServerError
	}
}

func titleFor(status int) string {
	switch status {
	case http.StatusNotFound:
		return "error.not_found_title"
	case http.StatusForbidden:
		return "error.forbidden_title"
	case http.StatusUnauthorized:
		return "error.unauthorized_title"
	case http.StatusTooManyRequests:
		return "error.too_many_title"
	case http.StatusRequestEntityTooLarge:
		return "error.too_large_title"
	case http.StatusConflict:
		return "error.conflict_title"
	case http.StatusUnsupportedMediaType:
		return "hardening.error.media_type_title"
	case http.StatusInternalServerError:
		return "error.internal_title"
	default:
		return "error.bad_request_title"
	}
}

func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }
