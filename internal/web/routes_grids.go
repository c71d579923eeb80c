package web

import "net/http"

// gridRoutes: Evaluation grids of calls. Who may read a grid is decided
// like the call (scopedCall): officers and finance every call, donors their
// programmes' calls, evaluators the calls they are assigned in, applicants
// published calls. Officers edit a grid until scoring freezes it.
func (s *Server) gridRoutes() []route {
	return []route{
		{http.MethodGet, "/calls/:id/grid", can("grid", "view"), 0, s.gridPage},
		{http.MethodGet, "/calls/:id/grid/edit", can("grid", "edit"), 0, s.editGridForm},
		{http.MethodPost, "/calls/:id/grid/edit", can("grid", "edit"), 0, s.updateGrid},

		// JSON API (?stage=concept|full, full by default).
		{http.MethodGet, "/api/v1/calls/:id/grid", can("grid", "view"), apiLimit, s.apiGrid},
		{http.MethodPut, "/api/v1/calls/:id/grid", can("grid", "edit"), apiLimit, s.apiUpdateGrid},
	}
}
