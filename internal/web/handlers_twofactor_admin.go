package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/auth"
)

type resetTwoFactorData struct{ Target auth.User }

// userParam reads the user of an /admin/users/:id route (404 when unknown).
func (s *Server) userParam(c *gin.Context) (auth.User, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.notFound(c)
		return auth.User{}, false
	}
	u, err := s.accounts.UserByID(c.Request.Context(), id)
	if err != nil {
		s.respondError(c, err)
		return auth.User{}, false
	}
	return u, true
}

// resetTwoFactorForm asks the admin to confirm the reset (no JavaScript
// confirm dialog: a page with one button).
func (s *Server) resetTwoFactorForm(c *gin.Context) {
	u, ok := s.userParam(c)
	if !ok {
		return
	}
	p := s.newPage(c, "twofactor.reset_title")
	p.Step("nav.users", "/admin/users")
	p.Data = resetTwoFactorData{Target: u}
	s.render(c, http.StatusOK, "admin/user_two_factor_reset", p)
}

// resetTwoFactor removes a user's second factor (a lost phone): the user
// signs in with the password alone and, where it is required, enrols again.
func (s *Server) resetTwoFactor(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	u, ok := s.userParam(c)
	if !ok {
		return
	}
	if err := s.accounts.RemoveTwoFactor(c.Request.Context(), u.ID); err != nil {
		s.fail(c, err)
		return
	}
	s.log.Info("second factor reset by an admin", "user_id", u.ID, "admin_id", currentUser(c).ID, "request_id", requestID(c))
	s.setFlash(c, "twofactor.reset_done")
	c.Redirect(http.StatusSeeOther, "/admin/users")
}
