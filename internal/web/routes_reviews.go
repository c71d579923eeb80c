package web

// reviewRoutes: Scores, reviews and their consolidation.
func (s *Server) reviewRoutes() []route {
	return []route{}
}
