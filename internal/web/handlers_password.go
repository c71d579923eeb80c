package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

func (s *Server) forgotForm(c *gin.Context) {
	p := s.newPage(c, "forgot.title")
	newForm(p, "email")
	s.render(c, http.StatusOK, "auth/forgot", p)
}

// forgot mails a one-time reset link when the address is known, and says
// the same thing either way so that addresses cannot be discovered.
func (s *Server) forgot(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	email := postValue(c, "email")
	// The attempt is taken before anything is looked up, so a burst of
	// parallel requests from one address sends at most the limit of mails.
	p := s.newPage(c, "forgot.title")
	f := newForm(p, "email")
	f.Values["email"] = email
	render := func(status int) { s.render(c, status, "auth/forgot", p) }
	if !s.reserveAttempt(c, s.ipLock, "reset-ip:"+c.ClientIP(), "login.error.throttled", p, render) {
		return
	}
	token, u, err := s.accounts.CreateReset(ctx, email)
	switch {
	case err == nil:
		lang, _ := i18n.ParseLang(u.Lang)
		link := s.cfg.PublicBaseURL() + "/password/reset?token=" + url.QueryEscape(token)
		msg := notify.Message{
			To:      u.Email,
			Subject: s.cat.T(lang, "auth.mail.reset_subject"),
			Body:    s.cat.T(lang, "auth.mail.reset_body", "name", u.Name, "link", link, "minutes", int(auth.ResetTTL.Minutes())),
		}
		if err := notify.Enqueue(ctx, s.db, msg); err != nil {
			s.fail(c, err)
			return
		}
	case apperr.Is(err, apperr.NotFound):
	default:
		s.fail(c, err)
		return
	}
	s.setFlash(c, "forgot.sent")
	c.Redirect(http.StatusSeeOther, "/login")
}

type resetData struct{ Token string }

// resetForm asks for the new password only while the link is still good.
func (s *Server) resetForm(c *gin.Context) {
	if err := s.accounts.CheckReset(c.Request.Context(), c.Query("token")); err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.fail(c, err)
			return
		}
		s.renderStatusPage(c, http.StatusGone, "reset.title", "auth.error.reset_invalid")
		return
	}
	p := s.newPage(c, "reset.title")
	newForm(p, "password")
	p.Data = resetData{Token: c.Query("token")}
	s.render(c, http.StatusOK, "auth/reset", p)
}

func (s *Server) reset(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	token := postValue(c, "token")
	err := s.accounts.ResetPassword(c.Request.Context(), token, c.Request.PostForm.Get("password"))
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		p := s.newPage(c, "reset.title")
		f := newForm(p, "password")
		f.setError(err)
		p.Data = resetData{Token: token}
		s.render(c, http.StatusUnprocessableEntity, "auth/reset", p)
		return
	}
	s.setFlash(c, "reset.done")
	c.Redirect(http.StatusSeeOther, "/login")
}

func (s *Server) passwordForm(c *gin.Context) {
	p := s.newPage(c, "password.title")
	newForm(p, "current_password", "new_password")
	s.render(c, http.StatusOK, "account/password", p)
}

// changePassword needs the current password and ends the user's other sessions.
func (s *Server) changePassword(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	u := currentUser(c)
	keep, _ := c.Cookie(s.sessionCookie())
	err := s.accounts.ChangePassword(c.Request.Context(), u.ID,
		c.Request.PostForm.Get("current_password"), c.Request.PostForm.Get("new_password"), keep)
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		p := s.newPage(c, "password.title")
		f := newForm(p, "current_password", "new_password")
		f.setError(err)
		s.render(c, http.StatusUnprocessableEntity, "account/password", p)
		return
	}
	s.setFlash(c, "password.changed")
	c.Redirect(http.StatusSeeOther, "/account")
}
