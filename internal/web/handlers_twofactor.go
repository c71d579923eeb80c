package web

import (
	"bytes"
	"image/png"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
)

// totpIssuer names the portal in authenticator apps.
const totpIssuer = "Subgrant portal"

type twoFactorData struct {
	Status        auth.TwoFactor
	Enrolment     *auth.Enrolment // started and not yet confirmed
	Required      bool            // the user's role must use a second factor
	CanDisable    bool
	RecoveryCodes []string // shown once, right after they are made
}

// SecretGroups is the base32 secret in groups of four, easier to type.
func (d twoFactorData) SecretGroups() string {
	if d.Enrolment == nil {
		return ""
	}
	var b strings.Builder
	for i, r := range d.Enrolment.Secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (s *Server) twoFactorPage(c *gin.Context) {
	s.renderTwoFactor(c, s.twoFactorPageData(c), http.StatusOK, nil)
}

// renderTwoFactor shows the second-factor state of the signed-in user: the
// enrolment steps, or the recovery codes and the ways to change them.
func (s *Server) renderTwoFactor(c *gin.Context, p *Page, status int, codes []string) {
	ctx := c.Request.Context()
	u := currentUser(c)
	st, err := s.accounts.TwoFactorOf(ctx, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := twoFactorData{Status: st, Required: s.mustEnrol(u), RecoveryCodes: codes}
	d.CanDisable = st.Enrolled && !d.Required
	if !st.Enrolled {
		e, err := s.accounts.EnrolmentOf(ctx, u.ID, totpIssuer)
		switch {
		case err == nil:
			d.Enrolment = &e
		case !apperr.Is(err, apperr.NotFound):
			s.fail(c, err)
			return
		}
	}
	p.Data = d
	s.render(c, status, "account/two_factor", p)
}

// twoFactorPageData builds the page (and its form) before a handler adds
// field errors to it.
func (s *Server) twoFactorPageData(c *gin.Context) *Page {
	p := s.newPage(c, "twofactor.title")
	p.Step("nav.account", "/account")
	newForm(p, "code", "regen_code", "disable_code")
	return p
}

// startTwoFactor makes the secret to enrol (a POST: GET never changes state).
func (s *Server) startTwoFactor(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	if _, err := s.accounts.BeginTOTP(c.Request.Context(), currentUser(c).ID, totpIssuer); err != nil &&
		!apperr.Is(err, apperr.Conflict) {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/account/two-factor")
}

// twoFactorQR serves the QR code of the enrolment started, never cached.
func (s *Server) twoFactorQR(c *gin.Context) {
	e, err := s.accounts.EnrolmentOf(c.Request.Context(), currentUser(c).ID, totpIssuer)
	if err != nil {
		s.respondError(c, err)
		return
	}
	img, err := e.QR(240)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "image/png", buf.Bytes())
}

// confirmTwoFactor checks the first code from the app and shows the ten
// recovery codes once.
func (s *Server) confirmTwoFactor(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	p := s.twoFactorPageData(c)
	codes, err := s.accounts.ConfirmTOTP(c.Request.Context(), currentUser(c).ID, postValue(c, "code"))
	if err != nil {
		if !apperr.Is(err, apperr.Invalid) && !apperr.Is(err, apperr.Conflict) {
			s.fail(c, err)
			return
		}
		p.Form.setError(err)
		s.renderTwoFactor(c, p, http.StatusUnprocessableEntity, nil)
		return
	}
	s.log.Info("second factor enrolled", "user_id", currentUser(c).ID, "request_id", requestID(c))
	p.Flash = p.T("twofactor.enrolled")
	s.renderTwoFactor(c, p, http.StatusOK, codes)
}

// regenerateRecoveryCodes replaces the recovery codes, after a current code.
func (s *Server) regenerateRecoveryCodes(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	p := s.twoFactorPageData(c)
	u := currentUser(c)
	render := func(status int) { s.renderTwoFactor(c, p, status, nil) }
	if _, ok := s.checkSecondFactor(c, *u, "regen_code", postValue(c, "regen_code"), p, render); !ok {
		return
	}
	codes, err := s.accounts.NewRecoveryCodes(c.Request.Context(), u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p.Flash = p.T("twofactor.codes_replaced")
	s.renderTwoFactor(c, p, http.StatusOK, codes)
}

// disableTwoFactor removes the second factor of a user who is not required
// to have one, after a current code.
func (s *Server) disableTwoFactor(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	u := currentUser(c)
	if s.mustEnrol(u) {
		s.renderStatusPage(c, http.StatusConflict, "error.conflict_title", "twofactor.error.required")
		return
	}
	p := s.twoFactorPageData(c)
	render := func(status int) { s.renderTwoFactor(c, p, status, nil) }
	if _, ok := s.checkSecondFactor(c, *u, "disable_code", postValue(c, "disable_code"), p, render); !ok {
		return
	}
	if err := s.accounts.RemoveTwoFactor(c.Request.Context(), u.ID); err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "twofactor.disabled")
	c.Redirect(http.StatusSeeOther, "/account/two-factor")
}
