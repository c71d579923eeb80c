package web

import "net/http"

// exportRoutes: a programme's open data, IATI 2.03 XML and 360Giving
// JSON, for the roles with export:view (officers and finance every
// programme, a donor officer its own: the rows are decided in
// internal/access, so another's programme answers 404).
func (s *Server) exportRoutes() []route {
	return []route{
		{http.MethodGet, "/programmes/:id/iati.xml", can("export", "view"), 0, s.programmeIATI},
		{http.MethodGet, "/programmes/:id/360giving.json", can("export", "view"), 0, s.programme360Giving},
		{http.MethodGet, "/api/v1/exports/:format", can("export", "view"), apiLimit, s.apiExport},
	}
}
