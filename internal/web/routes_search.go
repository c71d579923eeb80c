package web

import "net/http"

// searchRoutes: the one search box (issue 12) for every signed-in role;
// what each finds is decided in internal/access through internal/search.
func (s *Server) searchRoutes() []route {
	return []route{
		{http.MethodGet, "/search", can("search", "view"), 0, s.searchPage},
		{http.MethodGet, "/api/v1/search", can("search", "view"), apiLimit, s.apiSearch},
	}
}
