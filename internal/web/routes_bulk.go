package web

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/authz"
	"github.com/subgrant/portal/internal/bulk"
)

// bulkRoutes: bulk actions on selected rows (issue 12). bulk:run is the
// officers' (admin, program_officer); the selection is checked against
// the call and the scope (a forged id refuses the whole request), each
// item then goes through the single action's store function, and a job
// is seen and confirmed only by the officer who prepared it
// (access.BulkJobs).
func (s *Server) bulkRoutes() []route {
	return []route{
		{http.MethodGet, "/calls/:id/bulk/screening", can("bulk", "run"), 0, s.bulkScreeningPage},
		{http.MethodPost, "/calls/:id/bulk/screening", can("bulk", "run"), 0, s.bulkScreeningPost},
		{http.MethodGet, "/calls/:id/bulk/assign", can("bulk", "run"), 0, s.bulkAssignPage},
		{http.MethodPost, "/calls/:id/bulk/assign", can("bulk", "run"), 0, s.bulkAssignPost},
		{http.MethodGet, "/calls/:id/bulk/letters", can("bulk", "run"), 0, s.bulkLettersPage},
		{http.MethodPost, "/calls/:id/bulk/letters", can("bulk", "run"), 0, s.bulkLettersPost},
		{http.MethodGet, "/bulk-jobs/:id", can("bulk", "run"), 0, s.bulkJobPage},
		{http.MethodGet, "/bulk-jobs/:id/files.zip", can("bulk", "run"), 0, s.bulkJobFiles},
		{http.MethodPost, "/bulk-jobs/:id/confirm", can("bulk", "run"), 0, s.bulkConfirm},
	}
}

// bulkKindPerm is the permission of the single action each kind repeats:
// bulk:run opens the pages, and preparing a job also needs the single
// action's permission with relation any, so bulk never lets a role do
// what it may not do one item at a time.
var bulkKindPerm = map[string]perm{
	bulk.KindScreening:  can("application", "check"),
	bulk.KindAssign:     can("review", "assign"),
	bulk.KindRemind:     can("review", "assign"),
	bulk.KindLetters:    can("award", "view"),
	bulk.KindAgreements: can("grant", "create"),
}

// bulkMayRun reports whether the user's role holds kind's single-action
// permission over every row; it answers 403 itself when not.
func (s *Server) bulkMayRun(c *gin.Context, kind string) bool {
	pm, ok := bulkKindPerm[kind]
	if u := currentUser(c); ok && u != nil {
		if rel, err := s.authz.Scope(string(u.Role), pm.Obj, pm.Act); err == nil && rel == authz.Any {
			return true
		}
	}
	s.forbidden(c)
	return false
}

// RunBulkJobs is the worker that runs confirmed bulk jobs larger than
// bulk.InlineItems until ctx ends; main starts it beside the server.
func (s *Server) RunBulkJobs(ctx context.Context) {
	s.bulkStore().WithLog(s.log).RunJobs(ctx, 5*time.Second)
}
