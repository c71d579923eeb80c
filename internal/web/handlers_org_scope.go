package web

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/org"
)

// orgProfile loads the profile named by :id within the request's scope,
// answering 404 (or 500) itself when it cannot.
func (s *Server) orgProfile(c *gin.Context) (org.Profile, access.Scope, bool) {
	sc := requestScope(c)
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.notFound(c)
		return org.Profile{}, sc, false
	}
	p, err := s.orgs().Get(c.Request.Context(), sc, id)
	if err != nil {
		s.respondError(c, err)
		return org.Profile{}, sc, false
	}
	return p, sc, true
}
