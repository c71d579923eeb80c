package web

// applicationRoutes: Applications: drafts, budgets, attachments, submission, checks.
func (s *Server) applicationRoutes() []route {
	return []route{}
}
