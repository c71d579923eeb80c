package web

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/auth"
)

const principalKey = "principal"

// principalFor loads what access rules need of u: its memberships (read
// once per request) and the relations its role reads programmes and edits
// calls under. An authoriser error grants nothing.
func (s *Server) principalFor(ctx context.Context, u *auth.User) (access.Principal, error) {
	ids, err := s.accounts.OrgIDsOf(ctx, u.ID)
	if err != nil {
		return access.Principal{}, err
	}
	p := access.Principal{UserID: u.ID, Role: string(u.Role), OrgIDs: ids}
	if rel, err := s.authz.Scope(p.Role, "programme", "view"); err == nil {
		p.Programmes = access.Relation(rel)
	}
	if _, err := s.authz.Scope(p.Role, "call", "edit"); err == nil {
		p.EditsCalls = true
	}
	return p, nil
}

// setUser records the signed-in user and its principal; on a database
// error it answers 500 itself and reports false.
func (s *Server) setUser(c *gin.Context, u *auth.User) bool {
	p, err := s.principalFor(c.Request.Context(), u)
	if err != nil {
		s.fail(c, err)
		return false
	}
	c.Set(userKey, u)
	c.Set(principalKey, p)
	return true
}

// principalOf is the request's principal; the zero Principal (a visitor)
// when nobody is signed in.
func principalOf(c *gin.Context) access.Principal {
	p, _ := c.Get(principalKey)
	pr, _ := p.(access.Principal)
	return pr
}

// requestScope is what the request reaches under the relation its route
// granted (see internal/access); a public route reaches nothing.
func requestScope(c *gin.Context) access.Scope {
	return access.For(principalOf(c), access.Relation(scopeOf(c)))
}

// publicScope is the scope of the public pages (calls and their questions)
// for the request's principal, whatever its route granted. What a
// signed-in user sees there is its own, so it is not cached.
func publicScope(c *gin.Context) access.Scope {
	if currentUser(c) != nil {
		c.Header("Cache-Control", "no-store")
	}
	return access.Public(principalOf(c))
}
