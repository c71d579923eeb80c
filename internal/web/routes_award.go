package web

// awardRoutes: Ranking, committee sessions, award decisions and letters.
func (s *Server) awardRoutes() []route {
	return []route{}
}
