package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
)

type accountData struct {
	User auth.User
	Orgs []auth.Org
}

func (s *Server) account(c *gin.Context) {
	u := currentUser(c)
	orgs, err := s.accounts.OrgsOf(c.Request.Context(), u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "account.title")
	p.Data = accountData{User: *u, Orgs: orgs}
	s.render(c, http.StatusOK, "account/account", p)
}

type tokensData struct {
	Tokens   []auth.Token
	NewToken string // shown once, right after creation
}

func (s *Server) tokens(c *gin.Context) {
	s.renderTokens(c, http.StatusOK, nil, "")
}

func (s *Server) renderTokens(c *gin.Context, status int, formErr error, newToken string) {
	u := currentUser(c)
	list, err := s.accounts.ListTokens(c.Request.Context(), u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "tokens.title")
	f := newForm(p, "name")
	if formErr != nil {
		f.Values["name"] = postValue(c, "name")
		f.setError(formErr)
	}
	p.Data = tokensData{Tokens: list, NewToken: newToken}
	s.render(c, status, "account/tokens", p)
}

// createToken shows the new token once; only its hash is kept.
func (s *Server) createToken(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	plain, _, err := s.accounts.CreateToken(c.Request.Context(), currentUser(c).ID, postValue(c, "name"))
	if err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			s.renderTokens(c, http.StatusUnprocessableEntity, err, "")
			return
		}
		s.respondError(c, err)
		return
	}
	s.renderTokens(c, http.StatusCreated, nil, plain)
}

func (s *Server) revokeToken(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.notFound(c)
		return
	}
	if err := s.accounts.RevokeToken(c.Request.Context(), currentUser(c).ID, id); err != nil {
		s.respondError(c, err)
		return
	}
	s.setFlash(c, "tokens.revoked")
	c.Redirect(http.StatusSeeOther, "/account/tokens")
}
