package web

// organisationRoutes: Organisations: registration, profiles, document vault, verification.
func (s *Server) organisationRoutes() []route {
	return []route{}
}
