package web

import "net/http"

// importRoutes: Import of organisations and evaluators from CSV or XLSX
// (issue 12): officers and the administrator.
func (s *Server) importRoutes() []route {
	imp := can("import", "create")
	return []route{
		{http.MethodGet, "/import", imp, 0, s.importIndex},
		{http.MethodGet, "/import/:kind", imp, 0, s.importForm},
		{http.MethodGet, "/import/:kind/template.xlsx", imp, 0, s.importTemplateXLSX},
		{http.MethodGet, "/import/:kind/template.csv", imp, 0, s.importTemplateCSV},
		// The check reads the file: the general upload body limit lets the
		// multipart body in, and the handler reads at most importer.MaxBytes
		// of the file (413 beyond).
		{http.MethodPost, "/import/:kind/check", imp, s.uploadLimit(), s.importCheck},
		// The confirmation imports the checked file in one transaction.
		{http.MethodPost, "/import/:kind", imp, 0, s.importRun},
	}
}
