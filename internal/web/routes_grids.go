package web

// gridRoutes: Evaluation grids of calls.
func (s *Server) gridRoutes() []route {
	return []route{}
}
