package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/findoc"
)

// findocStores are the stores the financial documents read.
func (s *Server) findocStores() findoc.Stores {
	return findoc.Stores{DB: s.programmeStore().DB, Programmes: s.programmeStore(), Grants: s.grantStore(), Payments: s.payments()}
}

// financialSummaryPDF is GET /programmes/:id/financial-summary.pdf in the
// reader's language; 404 for a programme outside the reader's scope.
func (s *Server) financialSummaryPDF(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	ctx := c.Request.Context()
	sum, err := findoc.LoadSummary(ctx, s.findocStores(), requestScope(c), id, s.now())
	if err != nil {
		s.respondError(c, err)
		return
	}
	if sum.Issuer, err = s.issuer(ctx); err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := findoc.New(s.cat).SummaryPDF(&buf, s.lang(c), sum); err != nil {
		s.documentFailed(c, err)
		return
	}
	sendDocument(c, "financial-summary-"+strconv.FormatInt(id, 10)+".pdf", findoc.PDFType, buf.Bytes())
}

// grantStatementPDF is GET /grants/:id/statement.pdf in the reader's
// language; 404 for a grant outside the reader's scope.
func (s *Server) grantStatementPDF(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	ctx := c.Request.Context()
	st, err := findoc.LoadStatement(ctx, s.findocStores(), requestScope(c), id, s.now())
	if err != nil {
		s.respondError(c, err)
		return
	}
	if st.Issuer, err = s.issuer(ctx); err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := findoc.New(s.cat).StatementPDF(&buf, s.lang(c), st); err != nil {
		s.documentFailed(c, err)
		return
	}
	name := "statement-" + strings.NewReplacer("/", "-", `"`, "", "\\", "-").Replace(st.Grant.ContractNumber) + ".pdf"
	sendDocument(c, name, findoc.PDFType, buf.Bytes())
}

// documentFailed answers a document that could not be built with a
// translated error page (500, with the request id), never a partial file.
func (s *Server) documentFailed(c *gin.Context, err error) {
	s.log.Error("document not built", "request_id", requestID(c), "error", err.Error())
	c.Abort()
	p := s.newPage(c, "findoc.error.build_title")
	p.Data = statusData{Body: p.T("findoc.error.build", "id", requestID(c))}
	s.render(c, http.StatusInternalServerError, "errors/status", p)
}
