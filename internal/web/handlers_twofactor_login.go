package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/config"
)

const pendingName = "portal_pending"

// pendingCookie holds the pending sign-in between password and code.
func (s *Server) pendingCookie() string {
	if s.cfg.Env == config.Prod {
		return "__Host-" + pendingName
	}
	return pendingName
}

// startPendingLogin records a right password of a user with a second
// factor and asks for the code; no session exists until the code is right.
func (s *Server) startPendingLogin(c *gin.Context, userID int64, next string) {
	token, err := s.accounts.CreatePendingLogin(c.Request.Context(), userID, next)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, s.pendingCookie(), token, int(auth.PendingTimeout.Seconds()))
	c.Redirect(http.StatusSeeOther, "/login/code")
}

// pendingLogin reads the pending sign-in of the request; when there is
// none (or it expired) it sends the user back to the login page.
func (s *Server) pendingLogin(c *gin.Context) (auth.PendingLogin, string, bool) {
	token, _ := c.Cookie(s.pendingCookie())
	pl, err := s.accounts.PendingLoginOf(c.Request.Context(), token)
	if err == nil {
		return pl, token, true
	}
	if !apperr.Is(err, apperr.Unauthorized) {
		s.fail(c, err)
		return pl, "", false
	}
	s.setCookie(c, s.pendingCookie(), "", -1)
	s.setFlash(c, "twofactor.error.pending_expired")
	c.Redirect(http.StatusSeeOther, "/login")
	return pl, "", false
}

func (s *Server) loginCodeForm(c *gin.Context) {
	if _, _, ok := s.pendingLogin(c); !ok {
		return
	}
	p := s.newPage(c, "twofactor.login_title")
	newForm(p, "code", "recovery_code")
	s.render(c, http.StatusOK, "auth/login_code", p)
}

// loginCode finishes a sign-in with a code from the app (field code) or a
// recovery code (field recovery_code). Each attempt counts against the
// account like a password; a malformed code is refused before that.
func (s *Server) loginCode(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	pl, token, ok := s.pendingLogin(c)
	if !ok {
		return
	}
	p := s.newPage(c, "twofactor.login_title")
	newForm(p, "code", "recovery_code")
	render := func(status int) { s.render(c, status, "auth/login_code", p) }
	field, code := "code", postValue(c, "code")
	if code == "" && postValue(c, "recovery_code") != "" {
		field, code = "recovery_code", postValue(c, "recovery_code")
	}
	used, ok := s.checkSecondFactor(c, pl.User, field, code, p, render)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	if err := s.accounts.DeletePendingLogin(ctx, token); err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, s.pendingCookie(), "", -1)
	if used == usedRecovery {
		s.setFlash(c, "twofactor.recovery_used")
	}
	s.startSession(c, pl.User, safeNext(pl.Next, "/home"))
}

type factorUsed int

const (
	usedTOTP factorUsed = iota + 1
	usedRecovery
)

// checkSecondFactor checks a code of u typed into field: six digits are a
// TOTP code, the long form a recovery code, anything else a field error
// that costs no attempt. Every well-formed attempt is taken from the
// account throttle first (429 when locked); a right code resets it. On
// failure it renders the page (422 or 429) and returns false.
func (s *Server) checkSecondFactor(c *gin.Context, u auth.User, field, code string, p *Page,
	render func(status int)) (factorUsed, bool) {
	ctx := c.Request.Context()
	isTOTP := auth.IsTOTPFormat(code)
	if !isTOTP && !auth.IsRecoveryFormat(code) {
		p.Form.Errors.Add(field, "twofactor.error.code_format")
		render(http.StatusUnprocessableEntity)
		return 0, false
	}
	key := "acct:" + auth.NormEmail(u.Email)
	if !s.reserveAttempt(c, s.acctLock, key, "twofactor.error.throttled", p, render) {
		return 0, false
	}
	var err error
	used := usedTOTP
	if isTOTP {
		err = s.accounts.CheckTOTP(ctx, u.ID, code)
	} else {
		used = usedRecovery
		err = s.accounts.UseRecoveryCode(ctx, u.ID, code)
	}
	if err != nil {
		e := apperr.As(err)
		if e.Code != apperr.Invalid && e.Code != apperr.Conflict {
			s.fail(c, err)
			return 0, false
		}
		msg := e.Key
		if k, ok := e.Fields["code"]; ok {
			msg = k
		}
		p.Form.Errors.Add(field, msg)
		render(http.StatusUnprocessableEntity)
		return 0, false
	}
	if err := s.acctLock.Reset(ctx, key); err != nil {
		s.fail(c, err)
		return 0, false
	}
	return used, true
}
