package web

import (
	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/call"
)

// scopedCall loads the call of the route's :id within the request's scope
// (access.Scope.Calls under the relation its route granted); it answers
// 404 (or 500) itself and reports false when it cannot.
func (s *Server) scopedCall(c *gin.Context) (call.Call, bool) {
	return s.callWithin(c, requestScope(c))
}
