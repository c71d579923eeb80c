package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/budgetxlsx"
)

// budgetLabels are the workbook's words in the page's language.
func budgetLabels(p *Page) budgetxlsx.Labels {
	l := budgetxlsx.Labels{Sheet: p.T("budgetgrid.xlsx.sheet"), HeadingsSheet: p.T("budgetgrid.xlsx.headings_sheet"),
		Total: p.T("budgetgrid.xlsx.total")}
	for i, k := range []string{"apppages.field.heading", "apppages.field.description", "apppages.field.unit", "apppages.field.units",
		"apppages.field.unit_rate", "budgetgrid.col.total", "apppages.field.requested", "apppages.field.cofinancing"} {
		l.Cols[i] = p.T(k)
	}
	for i, k := range []string{"budgetgrid.xlsx.code", "apppages.field.heading", "budgetgrid.col.total", "apppages.field.requested"} {
		l.HeadingCols[i] = p.T(k)
	}
	return l
}

// budgetXLSX is GET /applications/:id/budget.xlsx: the saved budget in the
// donor's template, with formulas for the totals, to anyone who reads the
// application.
func (s *Server) budgetXLSX(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok {
		return
	}
	p := s.newPage(c, "apppages.section.budget")
	buf, err := budgetxlsx.Write(ac.app.Budget, ac.profile, p.Lang, budgetLabels(p))
	if err != nil {
		s.fail(c, err)
		return
	}
	name := ac.app.Reference
	if name == "" {
		name = strconv.FormatInt(ac.app.ID, 10)
	}
	sendDocument(c, "budget-"+name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}

// uploadBudgetXLSX is POST /applications/:id/budget.xlsx: a workbook's
// lines replace the draft's budget once every line is valid; until then
// the grid shows the uploaded lines with each error beside its cell, and
// nothing is saved.
func (s *Server) uploadBudgetXLSX(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok {
		return
	}
	switch {
	case !ac.sc.CanWriteFor(ac.app.OrgID):
		s.respondError(c, apperr.New(apperr.Forbidden, "applications.error.read_only"))
		return
	case !ac.editableNow():
		s.setFlash(c, "apppages.flash.not_editable")
		c.Redirect(http.StatusSeeOther, appPath(ac.app.ID, ""))
		return
	}
	lang := s.lang(c)
	f := formOf(ac.app, lang)
	st := editState{vals: map[string]string{}, errs: apperr.FieldErrors{}, rich: map[string]string{}, lines: ac.app.Budget,
		parsed: ac.app.Budget, status: http.StatusUnprocessableEntity}
	b, key := readBudgetFile(c)
	if key == "" {
		lines, err := budgetxlsx.Read(b, lang)
		if err != nil {
			key = err.Error()
		} else {
			f.Budget = lines
		}
	}
	formValues(st.vals, f)
	if key != "" {
		st.errs.Add("budget_file", key)
		s.renderEditor(c, ac, "budget", st)
		return
	}
	if !s.saveForm(c, ac, "budget", f, st) {
		return
	}
	s.setFlash(c, "budgetgrid.flash.uploaded")
	c.Redirect(http.StatusSeeOther, appPath(ac.app.ID, "/edit/budget"))
}

// readBudgetFile reads the budget_file part of a multipart body, at most
// budgetxlsx.MaxBytes (the route's body limit is the general upload one,
// so the multipart body is accepted); the catalogue key of what is wrong,
// or "".
func readBudgetFile(c *gin.Context) ([]byte, string) {
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, "budgetgrid.error.no_file"
	}
	for {
		part, err := mr.NextPart()
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return nil, budgetxlsx.ErrTooLarge.Error()
		case err != nil:
			return nil, "budgetgrid.error.no_file"
		}
		if part.FormName() != "budget_file" {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, budgetxlsx.MaxBytes+1))
		switch {
		case errors.As(err, &mbe) || len(b) > budgetxlsx.MaxBytes:
			return nil, budgetxlsx.ErrTooLarge.Error()
		case err != nil:
			return nil, "budgetgrid.error.no_file"
		case len(b) == 0:
			return nil, "budgetgrid.error.no_file"
		}
		return b, ""
	}
}
