package web

import "net/http"

// committeeRoutes: Committees, declarations of impartiality and assignments.
// Officers (review:assign, any) manage a call's committee and its
// assignments; evaluators (assigned) see their worklist and declare per
// assignment, which SQL restricts to their own active assignments.
func (s *Server) committeeRoutes() []route {
	assign := can("review", "assign")
	return []route{
		// Officers: the committee of a call.
		{http.MethodGet, "/calls/:id/committee", assign, 0, s.committeePage},
		{http.MethodPost, "/calls/:id/committee", assign, 0, s.addCommitteeMember},
		{http.MethodPost, "/calls/:id/committee/remove", assign, 0, s.removeCommitteeMember},

		// Officers: assignments (automatic, add or remove one) and reminders.
		{http.MethodGet, "/calls/:id/assignments", assign, 0, s.assignmentsPage},
		{http.MethodPost, "/calls/:id/assignments", assign, 0, s.addAssignment},
		{http.MethodPost, "/calls/:id/assignments/auto", assign, 0, s.autoAssign},
		{http.MethodPost, "/calls/:id/reminders", assign, 0, s.sendReminders},
		{http.MethodPost, "/assignments/:id/remove", assign, 0, s.removeAssignment},

		// Evaluators: the worklist and the declaration of impartiality.
		{http.MethodGet, "/reviews", can("review", "view"), 0, s.worklist},
		{http.MethodGet, "/assignments/:id/declare", can("review", "declare"), 0, s.declareForm},
		{http.MethodPost, "/assignments/:id/declare", can("review", "declare"), 0, s.declare},

		// JSON API.
		{http.MethodGet, "/api/v1/calls/:id/committee", assign, apiLimit, s.apiCommittee},
		{http.MethodGet, "/api/v1/calls/:id/assignments", assign, apiLimit, s.apiAssignments},
		{http.MethodPost, "/api/v1/calls/:id/assignments", assign, apiLimit, s.apiAutoAssign},
	}
}
