package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/org"
)

var registerFields = []string{"legal_name", "acronym", "municipality", "name", "email", "lang", "password"}

type orgRegisterData struct{ Municipality orgMuniSelect }

func (s *Server) renderRegister(c *gin.Context, status int, p *Page, f *Form) {
	p.Data = orgRegisterData{Municipality: f.orgMuniField("municipality", "org.municipality", "required")}
	s.render(c, status, "register/register", p)
}

func (s *Server) registerForm(c *gin.Context) {
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, "/home")
		return
	}
	p := s.newPage(c, "register.title")
	f := newForm(p, registerFields...)
	f.Values["lang"] = string(p.Lang)
	s.renderRegister(c, http.StatusOK, p, f)
}

// register creates the NGO's account and organisation in one transaction
// and signs the new user in. Every attempt counts against the client
// address, so the form cannot be used to create accounts in bulk.
func (s *Server) register(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	p := s.newPage(c, "register.title")
	f := newForm(p, registerFields...)
	for _, k := range registerFields[:6] {
		f.Values[k] = postValue(c, k)
	}
	// Every attempt counts against the address, taken atomically before
	// anything is checked.
	if !s.reserveAttempt(c, s.ipLock, "register-ip:"+c.ClientIP(), "register.error.throttled", p,
		func(status int) { s.renderRegister(c, status, p, f) }) {
		return
	}
	userID, _, err := s.orgs().Register(ctx, org.Registration{
		Name: f.Values["name"], Email: f.Values["email"], Lang: f.Values["lang"],
		Password: c.Request.PostForm.Get("password"), LegalName: f.Values["legal_name"],
		Acronym: f.Values["acronym"], Municipality: f.Values["municipality"],
	})
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.fail(c, err)
			return
		}
		f.setError(err)
		s.renderRegister(c, http.StatusUnprocessableEntity, p, f)
		return
	}
	if err := s.signInAs(c, userID); err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "register.done")
	c.Redirect(http.StatusSeeOther, "/organisations/mine")
}

// signInAs starts a session for a user who has just been created.
func (s *Server) signInAs(c *gin.Context, userID int64) error {
	ctx := c.Request.Context()
	if old, err := c.Cookie(s.sessionCookie()); err == nil && old != "" {
		_ = s.accounts.DeleteSession(ctx, old)
	}
	u, err := s.accounts.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	token, err := s.accounts.CreateSession(ctx, userID, c.Request.UserAgent())
	if err != nil {
		return err
	}
	s.setCookie(c, s.sessionCookie(), token, int(auth.AbsoluteTimeout/time.Second))
	s.setCookie(c, langCookie, u.Lang, 365*24*3600)
	return nil
}
