package web

import "net/http"

// applicationRoutes: Applications: drafts, budgets, submission, checks.
// Applicants act for their own organisations (own_org); officers view any.
func (s *Server) applicationRoutes() []route {
	return []route{
		// JSON API.
		{http.MethodGet, "/api/v1/applications", can("application", "view"), apiLimit, s.apiApplications},
		{http.MethodPost, "/api/v1/applications", can("application", "create"), apiLimit, s.apiCreateApplication},
		{http.MethodGet, "/api/v1/applications/:id", can("application", "view"), apiLimit, s.apiApplication},
		{http.MethodPut, "/api/v1/applications/:id", can("application", "edit"), apiLimit, s.apiUpdateApplication},
		{http.MethodGet, "/api/v1/applications/:id/check", can("application", "view"), apiLimit, s.apiCheckApplication},
		{http.MethodPost, "/api/v1/applications/:id/submit", can("application", "submit"), apiLimit, s.apiSubmitApplication},
		{http.MethodPost, "/api/v1/applications/:id/withdraw", can("application", "withdraw"), apiLimit, s.apiWithdrawApplication},
	}
}
