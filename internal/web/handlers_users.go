package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/i18n"
)

type usersData struct {
	Users     []auth.User
	TwoFactor map[int64]bool // users with a second factor
}

func (s *Server) users(c *gin.Context) {
	list, err := s.accounts.ListUsers(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	tf, err := s.accounts.UsersWithTwoFactor(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "users.title")
	p.Data = usersData{Users: list, TwoFactor: tf}
	s.render(c, http.StatusOK, "admin/users", p)
}

type newUserData struct{ Orgs []auth.Org }

func (s *Server) newUserForm(c *gin.Context) {
	s.renderNewUser(c, http.StatusOK, nil)
}

var userFields = []string{"email", "name", "role", "lang", "org_id", "password"}

func (s *Server) renderNewUser(c *gin.Context, status int, err error) {
	orgs, lerr := s.accounts.ListOrgs(c.Request.Context())
	if lerr != nil {
		s.fail(c, lerr)
		return
	}
	p := s.newPage(c, "users.new_title")
	p.Step("nav.users", "/admin/users")
	f := newForm(p, userFields...)
	if err != nil {
		for _, k := range userFields[:5] {
			f.Values[k] = postValue(c, k)
		}
		f.setError(err)
	} else {
		f.Values["lang"] = string(i18n.Default)
	}
	p.Data = newUserData{Orgs: orgs}
	s.render(c, status, "admin/user_new", p)
}

// createUser adds an account and, when an organisation is chosen, its membership.
func (s *Server) createUser(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	var orgID int64
	if v := postValue(c, "org_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.renderNewUser(c, http.StatusUnprocessableEntity, apperr.Field("org_id", "users.error.org"))
			return
		}
		if _, err := s.accounts.OrgByID(ctx, id); err != nil {
			s.renderNewUser(c, http.StatusUnprocessableEntity, apperr.Field("org_id", "users.error.org"))
			return
		}
		orgID = id
	}
	u, err := s.accounts.CreateUser(ctx, auth.NewUser{
		Email: postValue(c, "email"), Name: postValue(c, "name"), Lang: postValue(c, "lang"),
		Role: auth.Role(postValue(c, "role")), Password: c.Request.PostForm.Get("password"),
	})
	if err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			s.renderNewUser(c, http.StatusUnprocessableEntity, err)
			return
		}
		s.respondError(c, err)
		return
	}
	if orgID != 0 {
		if err := s.accounts.AddMember(ctx, u.ID, orgID); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.setFlash(c, "users.created")
	c.Redirect(http.StatusSeeOther, "/admin/users")
}

func (s *Server) disableUser(c *gin.Context) { s.setDisabled(c, true) }
func (s *Server) enableUser(c *gin.Context)  { s.setDisabled(c, false) }

// setDisabled ends every session of a disabled user at once.
func (s *Server) setDisabled(c *gin.Context, disabled bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.notFound(c)
		return
	}
	if disabled && id == currentUser(c).ID {
		s.renderStatusPage(c, http.StatusConflict, "error.conflict_title", "users.error.self_disable")
		return
	}
	if err := s.accounts.SetDisabled(c.Request.Context(), id, disabled); err != nil {
		s.respondError(c, err)
		return
	}
	if disabled {
		s.setFlash(c, "users.disabled")
	} else {
		s.setFlash(c, "users.enabled")
	}
	c.Redirect(http.StatusSeeOther, "/admin/users")
}
