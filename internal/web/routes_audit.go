package web

import "net/http"

// auditRoutes are the audit page of each object (internal/audit): which
// objects a reader reaches is decided in internal/access.
func (s *Server) auditRoutes() []route {
	return []route{
		{http.MethodGet, "/audit/:object/:id", can("audit", "view"), 0, s.auditPage},
	}
}
