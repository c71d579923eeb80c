package web

// programmeRoutes: Programmes, calls for proposals and clarifications.
func (s *Server) programmeRoutes() []route {
	return []route{}
}
