package web

import "net/http"

// findocRoutes: the financial documents of issue 10 (internal/findoc).
// Which programme and which grant a reader reaches is decided in SQL by
// internal/access: a donor officer its programmes', a grantee its own grant.
func (s *Server) findocRoutes() []route {
	return []route{
		// Officers, finance and the programme's donor officer.
		{http.MethodGet, "/programmes/:id/financial-summary.pdf", can("findoc", "summary"), 0, s.financialSummaryPDF},
		// The same, and the grantee for its own grant.
		{http.MethodGet, "/grants/:id/statement.pdf", can("findoc", "statement"), 0, s.grantStatementPDF},
	}
}
