package web

import (
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/authz"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/review"
)

// committeeStore is the evaluation store on the server's database, clock
// and donor profiles.
func (s *Server) committeeStore() *review.Store {
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

// callScope builds the call access of the request's granted relation.
func (s *Server) callScope(c *gin.Context) (callAccess, error) {
	u := currentUser(c)
	ctx := c.Request.Context()
	switch scopeOf(c) {
	case authz.Any:
		v, err := s.callViewer(c)
		return callAccess{viewer: v, all: true}, err
	case authz.OwnOrg:
		ids, err := s.accounts.OrgIDsOf(ctx, u.ID)
		if ids == nil {
			ids = []int64{}
		}
		return callAccess{donorOrgIDs: ids}, err
	case authz.Assigned:
		ids, err := s.committeeStore().AssignedCallIDs(ctx, u.ID)
		return callAccess{callIDs: ids}, err
	}
	return callAccess{}, nil
}

// scopedCall loads the call of the route's :id within the request's call
// scope (callScope); it answers 404 (or 500) itself and reports false when
// it cannot.
func (s *Server) scopedCall(c *gin.Context) (call.Call, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return call.Call{}, false
	}
	acc, err := s.callScope(c)
	if err != nil {
		s.fail(c, err)
		return call.Call{}, false
	}
	cl, err := s.callStore().ByID(c.Request.Context(), id)
	if err != nil {
		s.respondError(c, err)
		return call.Call{}, false
	}
	if !acc.Reaches(cl) {
		s.notFound(c)
		return call.Call{}, false
	}
	return cl, true
}
