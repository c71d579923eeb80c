package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/config"
)

// enrolExempt lists what staff who must enrol may still reach: the
// enrolment pages, sign-in and sign-out, static files, the language
// switch and the health check.
func enrolExempt(path string) bool {
	switch path {
	case "/logout", "/language", "/healthz", "/login", "/login/code":
		return true
	}
	return path == "/account/two-factor" || strings.HasPrefix(path, "/account/two-factor/") ||
		strings.HasPrefix(path, "/static/")
}

// requireEnrolment sends admins, programme officers and finance officers
// without a second factor to the enrolment page when PORTAL_2FA=required.
// Their API tokens get 403 problem+json saying so until they enrol.
func (s *Server) requireEnrolment(c *gin.Context) {
	u := currentUser(c)
	if u == nil || !s.mustEnrol(u) || enrolExempt(c.Request.URL.Path) {
		c.Next()
		return
	}
	has, err := s.accounts.HasTwoFactor(c.Request.Context(), u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	if has {
		c.Next()
		return
	}
	c.Abort()
	c.Header("Cache-Control", "no-store")
	if isAPI(c) || c.Request.URL.Path == "/metrics" {
		s.problem(c, http.StatusForbidden, "twofactor.error.enrol_first", nil)
		return
	}
	s.setFlash(c, "twofactor.must_enrol")
	c.Redirect(http.StatusSeeOther, "/account/two-factor")
}

// mustEnrol reports whether u must use a second factor under the
// configured PORTAL_2FA.
func (s *Server) mustEnrol(u *auth.User) bool {
	if s.cfg.TwoFactorMode() != config.TwoFactorRequired {
		return false
	}
	switch u.Role {
	case auth.Admin, auth.ProgramOfficer, auth.FinanceOfficer:
		return true
	}
	return false
}
