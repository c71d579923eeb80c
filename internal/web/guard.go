package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/authz"
	"github.com/subgrant/portal/internal/config"
)

const (
	userKey     = "user"
	scopeKey    = "scope"
	sessionName = "portal_session"
	langCookie  = "portal_lang"
	flashCookie = "portal_flash"
)

// sessionCookie is __Host- prefixed in prod, which needs Secure.
func (s *Server) sessionCookie() string {
	if s.cfg.Env == config.Prod {
		return "__Host-" + sessionName
	}
	return sessionName
}

// loadUser finds the signed-in user from the session cookie or, on the API
// and /metrics, from a Bearer token. Bad credentials leave the user empty;
// the route's guard then answers 401 or redirects to the login page.
func (s *Server) loadUser(c *gin.Context) {
	if h := c.GetHeader("Authorization"); h != "" && acceptsBearer(c) {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			s.problem(c, http.StatusUnauthorized, "error.bad_token", nil)
			c.Abort()
			return
		}
		u, err := s.accounts.TokenUser(c.Request.Context(), strings.TrimSpace(token))
		if err != nil {
			c.Header("WWW-Authenticate", `Bearer realm="portal", error="invalid_token"`)
			s.problem(c, http.StatusUnauthorized, "error.bad_token", nil)
			c.Abort()
			return
		}
		if !s.setUser(c, &u) {
			return
		}
		c.Next()
		return
	}
	if ck, err := c.Cookie(s.sessionCookie()); err == nil && ck != "" {
		u, err := s.accounts.SessionUser(c.Request.Context(), ck)
		switch {
		case err == nil:
			if !s.setUser(c, &u) {
				return
			}
		case apperr.Is(err, apperr.Unauthorized):
			s.clearSessionCookie(c)
		default:
			// The database failed: keep the cookie, the session may be fine.
			s.fail(c, err)
			return
		}
	}
	c.Next()
}

func acceptsBearer(c *gin.Context) bool {
	p := c.Request.URL.Path
	return strings.HasPrefix(p, "/api/") || p == "/metrics"
}

func currentUser(c *gin.Context) *auth.User {
	if v, ok := c.Get(userKey); ok {
		return v.(*auth.User)
	}
	return nil
}

// scopeOf returns the relation under which the route's permission was granted.
func scopeOf(c *gin.Context) authz.Relation {
	return authz.Relation(c.GetString(scopeKey))
}

// guard enforces a route's permission and body limit before its handler.
func (s *Server) guard(r route) gin.HandlerFunc {
	limit := r.Limit
	if limit == 0 {
		limit = formLimit
	}
	return func(c *gin.Context) {
		if c.Request.ContentLength > limit {
			s.tooLarge(c)
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		if r.Perm.Public {
			return
		}
		u := currentUser(c)
		if u == nil {
			s.unauthenticated(c)
			return
		}
		c.Header("Cache-Control", "no-store")
		if r.Perm.SignedIn {
			return
		}
		rel, err := s.authz.Scope(string(u.Role), r.Perm.Obj, r.Perm.Act)
		if err != nil {
			if !errors.Is(err, authz.ErrDenied) {
				s.log.Error("authoriser error: denying", "request_id", requestID(c), "error", err.Error())
			}
			s.forbidden(c)
			return
		}
		c.Set(scopeKey, string(rel))
	}
}

func (s *Server) unauthenticated(c *gin.Context) {
	c.Abort()
	if isAPI(c) || c.Request.URL.Path == "/metrics" {
		c.Header("WWW-Authenticate", `Bearer realm="portal"`)
		s.problem(c, http.StatusUnauthorized, "error.unauthorized", nil)
		return
	}
	if c.Request.Method == http.MethodGet {
		c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
		return
	}
	s.renderStatusPage(c, http.StatusUnauthorized, "error.unauthorized_title", "error.unauthorized")
}

func (s *Server) forbidden(c *gin.Context) {
	c.Abort()
	if isAPI(c) {
		s.problem(c, http.StatusForbidden, "error.forbidden", nil)
		return
	}
	s.renderStatusPage(c, http.StatusForbidden, "error.forbidden_title", "error.forbidden")
}

func (s *Server) tooLarge(c *gin.Context) {
	c.Abort()
	c.Header("Connection", "close")
	if isAPI(c) {
		s.problem(c, http.StatusRequestEntityTooLarge, "error.too_large", nil)
		return
	}
	s.renderStatusPage(c, http.StatusRequestEntityTooLarge, "error.too_large_title", "error.too_large")
}

// parseForm reads a urlencoded body (never the query string); it answers
// 413 itself when the body is over the limit and reports false. Text that
// is not UTF-8 or holds a NUL is refused with 400: PostgreSQL cannot store
// it and would turn it into a 500.
func (s *Server) parseForm(c *gin.Context) bool {
	err := c.Request.ParseForm()
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		s.tooLarge(c)
		return false
	}
	if err != nil || !storableText(c.Request.PostForm) {
		c.Abort()
		s.renderStatusPage(c, http.StatusBadRequest, "error.bad_request_title", "error.bad_request")
		return false
	}
	return true
}

// storableText reports whether every name and value is UTF-8 without NUL.
func storableText(form url.Values) bool {
	ok := func(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
	for k, vs := range form {
		if !ok(k) {
			return false
		}
		for _, v := range vs {
			if !ok(v) {
				return false
			}
		}
	}
	return true
}

// postValue is a trimmed field of the request body only.
func postValue(c *gin.Context, name string) string {
	return strings.TrimSpace(c.Request.PostForm.Get(name))
}

// safeNext keeps a redirect target on this site. Control characters are
// refused too: browsers drop tabs and newlines from a Location, so "/\t/x"
// would become "//x", another site.
func safeNext(next, fallback string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return fallback
	}
	return next
}

// SessionCookieName is the name of the session cookie in this configuration.
func (s *Server) SessionCookieName() string { return s.sessionCookie() }
