package web

import (
	"context"
	"net/http"
	"time"
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

// RunBulkJobs is the worker that runs confirmed bulk jobs larger than
// bulk.InlineItems until ctx ends; main starts it beside the server.
func (s *Server) RunBulkJobs(ctx context.Context) {
	s.bulkStore().WithLog(s.log).RunJobs(ctx, 5*time.Second)
}
