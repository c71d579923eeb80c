package web

import "net/http"

// publicRoutes: the public register of awarded sub-grants, its downloads
// and the municipality map (issue 12). Anyone may read them, signed in or
// not: they show only published rows (access.PublishedGrants,
// access.PublicServices), and each client's requests are capped per minute
// (publicPageLimit, publicDownloadLimit).
func (s *Server) publicRoutes() []route {
	return []route{
		{http.MethodGet, "/awards", public, 0, s.publicAwards},
		{http.MethodGet, "/awards.csv", public, 0, s.publicAwardsCSV},
		{http.MethodGet, "/awards.xlsx", public, 0, s.publicAwardsXLSX},
		{http.MethodGet, "/map", public, 0, s.publicMap},
	}
}
