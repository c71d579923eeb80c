package web

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/auth"
)

const principalKey = "principal"

// principalFor loads what access rules need of u: its memberships (read
// once per request) and its role's grants. An authoriser error grants
// nothing.
func (s *Server) principalFor(ctx context.Context, u *auth.User) (access.Principal, error) {
	ids, err := s.accounts.OrgIDsOf(ctx, u.ID)
	if err != nil {
		return access.Principal{}, err
	}
	return access.NewPrincipal(u.ID, string(u.Role), ids, s.grant(u.Role)), nil
}

// grant is the policy's answer for role, as access.NewPrincipal asks it.
func (s *Server) grant(role auth.Role) access.Grant {
	return func(obj, act string) (access.Relation, bool) {
		rel, err := s.authz.Scope(string(role), obj, act)
		return access.Relation(rel), err == nil
	}
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
	// Every audit row the request writes names this user (internal/audit).
	a := audit.Actor{UserID: u.ID, Role: string(u.Role), RequestID: requestID(c)}
	if len(p.OrgIDs) > 0 {
		a.OrgID = p.OrgIDs[0]
	}
	c.Request = c.Request.WithContext(audit.WithActor(c.Request.Context(), a))
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

// applicantOrg picks the organisation a new application is for: the one
// given (which must be one of the user's), else the user's only one.
func (s *Server) applicantOrg(c *gin.Context, given *int64) (int64, error) {
	ids := principalOf(c).OrgIDs
	if given != nil {
		for _, id := range ids {
			if id == *given {
				return id, nil
			}
		}
		return 0, apperr.Field("organisation_id", "applications.error.organisation")
	}
	if len(ids) != 1 {
		return 0, apperr.Field("organisation_id", "applications.error.organisation")
	}
	return ids[0], nil
}
