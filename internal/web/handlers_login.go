package web

import (
	"net/http"
	"strconv"
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

	acctKey := "acct:" + auth.NormEmail(email)
	ipKey := "ip:" + c.ClientIP()
	for _, t := range []struct {
		th  *auth.Throttle
		key string
	}{{s.acctLock, acctKey}, {s.ipLock, ipKey}} {
		wait, err := t.th.Check(ctx, t.key)
		if err != nil && !apperr.Is(err, apperr.TooMany) {
			s.fail(c, err)
			return
		}
		if wait > 0 {
			secs := int(wait.Round(time.Second) / time.Second)
			if secs < 1 {
				secs = 1
			}
			c.Header("Retry-After", strconv.Itoa(secs))
			f.Errors.Add("form", "login.error.throttled")
			s.render(c, http.StatusTooManyRequests, "auth/login", p)
			return
		}
	}
	u, err := s.accounts.Authenticate(ctx, email, password)
	if err != nil {
		if !apperr.Is(err, apperr.Unauthorized) {
			s.fail(c, err)
			return
		}
		for _, fail := range []error{s.acctLock.Fail(ctx, acctKey), s.ipLock.Fail(ctx, ipKey)} {
			if fail != nil {
				s.fail(c, fail)
				return
			}
		}
		f.Errors.Add("form", "auth.error.bad_credentials")
		s.render(c, http.StatusUnprocessableEntity, "auth/login", p)
		return
	}
	if err := s.acctLock.Reset(ctx, acctKey); err != nil {
		s.fail(c, err)
		return
	}
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
