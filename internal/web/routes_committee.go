package web

// committeeRoutes: Committees, declarations of impartiality and assignments.
func (s *Server) committeeRoutes() []route {
	return []route{}
}
