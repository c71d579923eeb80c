package web

import (
	"net/http"

	"github.com/subgrant/portal/internal/importer"
)

// importRoutes: Import of organisations and evaluators from CSV or XLSX
// (issue 12): officers and the administrator.
func (s *Server) importRoutes() []route {
	imp := can("import", "create")
	return []route{
		{http.MethodGet, "/import", imp, 0, s.importIndex},
		{http.MethodGet, "/import/:kind", imp, 0, s.importForm},
		{http.MethodGet, "/import/:kind/template.xlsx", imp, 0, s.importTemplateXLSX},
		{http.MethodGet, "/import/:kind/template.csv", imp, 0, s.importTemplateCSV},
		// The check reads the file (at most importer.MaxBytes; 413 beyond).
		{http.MethodPost, "/import/:kind/check", imp, importer.MaxBytes + 64<<10, s.importCheck},
		// The confirmation imports the checked file in one transaction.
		{http.MethodPost, "/import/:kind", imp, 0, s.importRun},
	}
}
