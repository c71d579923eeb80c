package web

import "net/http"

// homeRoutes: the administrator's readable status page (system:view, the
// same permission as /metrics). The dashboards themselves are /home.
func (s *Server) homeRoutes() []route {
	return []route{
		{http.MethodGet, "/admin/status", can("system", "view"), 0, s.statusPage},
	}
}
