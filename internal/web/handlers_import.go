package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/importer"
)

// importStore is the importer over the server's database, catalogue and clock.
func (s *Server) importStore() *importer.Store {
	return &importer.Store{DB: s.db, Cat: s.cat, Now: s.now}
}

// importKind is the kind named in the path; an unknown one answers 404.
func (s *Server) importKind(c *gin.Context) (importer.Kind, bool) {
	k, ok := importer.ParseKind(c.Param("kind"))
	if !ok {
		s.respondError(c, apperr.New(apperr.NotFound, "error.not_found"))
	}
	return k, ok
}

type importIndexData struct{ Kinds []importer.Kind }

// importIndex lets the officer choose what to import.
func (s *Server) importIndex(c *gin.Context) {
	p := s.newPage(c, "import.title")
	p.Data = importIndexData{Kinds: importer.Kinds}
	s.render(c, http.StatusOK, "import/index", p)
}

// importColumn is one column as the form's table of columns shows it.
type importColumn struct {
	Header, Help string
	Required     bool
}

type importFormData struct {
	Kind    importer.Kind
	Columns []importColumn
	MaxMB   int
}

func (s *Server) importFormOf(p *Page, k importer.Kind) importFormData {
	d := importFormData{Kind: k, MaxMB: importer.MaxBytes >> 20}
	for _, col := range k.Columns() {
		d.Columns = append(d.Columns, importColumn{Header: importer.Header(s.cat, p.Lang, col),
			Help: p.T("import.help." + col.Key), Required: col.Required})
	}
	return d
}

func importPage(s *Server, c *gin.Context, k importer.Kind) *Page {
	p := s.newPage(c, "import.title."+string(k))
	p.Step("import.title", "/import")
	newForm(p, "file")
	return p
}

// importForm shows the upload form of a kind with its columns and templates.
func (s *Server) importForm(c *gin.Context) {
	k, ok := s.importKind(c)
	if !ok {
		return
	}
	p := importPage(s, c, k)
	p.Data = s.importFormOf(p, k)
	s.render(c, http.StatusOK, "import/form", p)
}

// importTemplateXLSX is the workbook to fill in, headers in the reader's language.
func (s *Server) importTemplateXLSX(c *gin.Context) {
	k, ok := s.importKind(c)
	if !ok {
		return
	}
	b, err := importer.TemplateXLSX(s.cat, k, s.lang(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	sendDocument(c, "import-"+string(k)+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b)
}

// importTemplateCSV is the CSV header line, in the reader's language.
func (s *Server) importTemplateCSV(c *gin.Context) {
	k, ok := s.importKind(c)
	if !ok {
		return
	}
	b, err := importer.TemplateCSV(s.cat, k, s.lang(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	sendDocument(c, "import-"+string(k)+".csv", "text/csv; charset=utf-8", b)
}
