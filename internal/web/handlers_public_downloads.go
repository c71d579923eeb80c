package web

import (
	"bytes"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/place"
	"github.com/subgrant/portal/internal/register"
)

// publicAwardsCSV downloads the filtered register as CSV.
func (s *Server) publicAwardsCSV(c *gin.Context) {
	s.publicDownload(c, "awards.csv", "text/csv; charset=utf-8", register.WriteCSV)
}

// publicAwardsXLSX downloads the filtered register as a workbook.
func (s *Server) publicAwardsXLSX(c *gin.Context) {
	s.publicDownload(c, "awards.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", register.WriteXLSX)
}

// publicDownload writes every published award matching the register's
// filters (at most register.MaxExport, in the page's order) with write,
// headings in the reader's language. Filters the page would refuse answer
// the register page with its field errors (422).
func (s *Server) publicDownload(c *gin.Context, name, contentType string,
	write func(w io.Writer, awards []register.Award, l register.Labels) error) {
	ctx := c.Request.Context()
	sc, st, opts, ok := s.publicStart(c, "public-download", publicDownloadLimit)
	if !ok {
		return
	}
	p := s.newPage(c, "public.awards.title")
	f := newForm(p)
	rf := registerFilter(c, f, opts)
	if f.HasErrors() {
		s.publicAwards(c)
		return
	}
	awards, err := st.All(ctx, sc, rf)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := register.Labels{Sheet: p.T("public.awards.sheet"), Municipality: func(code string) string {
		m, _ := place.Lookup(code)
		return m.Name(string(p.Lang))
	}}
	for _, k := range []string{"contract", "organisation", "municipality", "title", "programme", "donor", "currency",
		"amount", "starts", "ends", "signed"} {
		l.Headers = append(l.Headers, p.T("public.col."+k))
	}
	var buf bytes.Buffer
	if err := write(&buf, awards, l); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, contentType, buf.Bytes())
}
