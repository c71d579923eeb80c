package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
)

type loginData struct{ Next string }

func (s *Server) loginForm(c *gin.Context) {
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, "/home")
		return
	}
	p := s.newPage(c, "login.title")
	newForm(p, "email", "password")
	p.Data = loginData{Next: safeNext(c.Query("next"), "")}
	s.render(c, http.StatusOK, "auth/login", p)
}

// login checks the throttles, then the password; unknown e-mail and wrong
// password get the same message.
func (s *Server) login(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	email, password := postValue(c, "email"), c.Request.PostForm.Get("password")
	next := safeNext(postValue(c, "next"), "/home")
	p := s.newPage(c, "login.title")
	f := newForm(p, "email", "password")
	f.Values["email"] = email
	p.Data = loginData{Next: postValue(c, "next")}

	renderLogin := func(status int) { s.render(c, status, "auth/login", p) }
	acctKey := "acct:" + auth.NormEmail(email)
	ipKey := "ip:" + c.ClientIP()
	// Both attempts are taken before the password is checked, so a burst
	// of parallel requests gets no more than the limit checked.
	if !s.reserveAttempt(c, s.acctLock, acctKey, "login.error.throttled", p, renderLogin) {
		return
	}
	if !s.reserveAttempt(c, s.ipLock, ipKey, "login.error.throttled", p, renderLogin) {
		_ = s.acctLock.Release(ctx, acctKey) // the password was not checked
		return
	}
	u, err := s.accounts.Authenticate(ctx, email, password)
	if err != nil {
		if !apperr.Is(err, apperr.Unauthorized) {
			s.fail(c, err)
			return
		}
		f.Errors.Add("form", "auth.error.bad_credentials")
		s.render(c, http.StatusUnprocessableEntity, "auth/login", p)
		return
	}
	// A right password gives the address its attempt back, so an office
	// behind one address is not locked out by its own sign-ins.
	if err := s.ipLock.Release(ctx, ipKey); err != nil {
		s.fail(c, err)
		return
	}
	tf, err := s.accounts.TwoFactorOf(ctx, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	if tf.Enrolled {
		// The password's attempt is given back but earlier failures stay:
		// the code page counts against the same key, so a known password
		// does not buy fresh guesses at the code.
		if err := s.acctLock.Release(ctx, acctKey); err != nil {
			s.fail(c, err)
			return
		}
		s.startPendingLogin(c, u.ID, next)
		return
	}
	if err := s.acctLock.Reset(ctx, acctKey); err != nil {
		s.fail(c, err)
		return
	}
	s.startSession(c, u, next)
}

// startSession signs u in with a new session token and goes to next.
func (s *Server) startSession(c *gin.Context, u auth.User, next string) {
	ctx := c.Request.Context()
	// A new token at every login: a planted cookie is never promoted.
	if old, err := c.Cookie(s.sessionCookie()); err == nil && old != "" {
		_ = s.accounts.DeleteSession(ctx, old)
	}
	token, err := s.accounts.CreateSession(ctx, u.ID, c.Request.UserAgent())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, s.sessionCookie(), token, int(auth.AbsoluteTimeout/time.Second))
	s.setCookie(c, langCookie, u.Lang, 365*24*3600)
	c.Redirect(http.StatusSeeOther, next)
}

func (s *Server) logout(c *gin.Context) {
	if ck, err := c.Cookie(s.sessionCookie()); err == nil {
		if err := s.accounts.DeleteSession(c.Request.Context(), ck); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.clearSessionCookie(c)
	s.setFlash(c, "logout.done")
	c.Redirect(http.StatusSeeOther, "/login")
}
