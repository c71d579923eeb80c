package web

import (
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/authz"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/review"
)

// reviewStore is the evaluation store (grids, committee, assignments,
// scores) on the server's database, clock and donor profiles.
func (s *Server) reviewStore() *review.Store {
	st := review.NewStore(s.db, s.profiles)
	st.Now = s.now
	return st
}

// callAccess says which calls a request reaches under the relation granted
// at its route: every call the user may see (any), the calls of a donor
// officer's programmes (own_org), or the calls of an evaluator's readable
// assignments (assigned). It is read per request, so removing an
// assignment takes effect at the next one.
type callAccess struct {
	viewer      call.Viewer
	all         bool
	donorOrgIDs []int64
	callIDs     []int64
}

// Reaches reports whether the request may reach cl.
func (a callAccess) Reaches(cl call.Call) bool {
	switch {
	case a.all:
		return a.viewer.CanSee(cl)
	case a.donorOrgIDs != nil:
		return slices.Contains(a.donorOrgIDs, cl.DonorOrgID)
	}
	return slices.Contains(a.callIDs, cl.ID)
}

// viewerAccess is the call access of the user's role whatever the route
// granted: the calls callViewer lets it see.
func (s *Server) viewerAccess(c *gin.Context) (callAccess, error) {
	v, err := s.callViewer(c)
	return callAccess{viewer: v, all: true}, err
}

// callScope builds the call access of the request's granted relation.
func (s *Server) callScope(c *gin.Context) (callAccess, error) {
	u := currentUser(c)
	ctx := c.Request.Context()
	switch scopeOf(c) {
	case authz.Any:
		return s.viewerAccess(c)
	case authz.OwnOrg:
		ids, err := s.accounts.OrgIDsOf(ctx, u.ID)
		if ids == nil {
			ids = []int64{}
		}
		return callAccess{donorOrgIDs: ids}, err
	case authz.Assigned:
		ids, err := s.reviewStore().AssignedCallIDs(ctx, u.ID)
		return callAccess{callIDs: ids}, err
	}
	return callAccess{}, nil
}

// scopedCall loads the call of the route's :id within the request's call
// scope (callScope); it answers 404 (or 500) itself and reports false when
// it cannot.
func (s *Server) scopedCall(c *gin.Context) (call.Call, bool) {
	return s.callWithin(c, s.callScope)
}
