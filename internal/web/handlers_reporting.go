package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/reporting"
	"github.com/subgrant/portal/internal/upload"
)

// reportRow is one line of the reports list.
type reportRow struct {
	reporting.Report
	Overdue bool
	Action  string // catalogue key of the next action, "" when none
}

// reportListData is the reports page: counts, the filter and the rows.
type reportListData struct {
	Rows                            []reportRow
	State                           string
	Total, Overdue, Submitted, Open int
	States                          []OptionView
	Sort                            string            // due (the default), grant or status
	SortLinks                       map[string]string // column -> the list sorted by it
}

// reportStates are the list's filters.
var reportStates = []string{"open", "overdue", "submitted", "approved", "all"}

// granteeReportsPage is GET /grantee-reports: for a grantee the reports on
// its grants with their due dates and state, for officers the reports due
// and overdue, earliest due first, with the next action of each.
func (s *Server) granteeReportsPage(c *gin.Context) {
	st := s.reportStore()
	sc := requestScope(c)
	all, err := st.List(c.Request.Context(), sc, reporting.Filter{})
	if err != nil {
		s.respondError(c, err)
		return
	}
	state := c.Query("state")
	if state == "" {
		state = "open"
	}
	p := s.newPage(c, "reporting.list.title")
	d := reportListData{State: state}
	today := st.Today()
	canDecide := p.Can("grantee_report", "decide")
	for _, r := range all {
		row := reportRow{Report: r, Overdue: r.Overdue(today)}
		switch {
		case r.Status.Editable() && sc.ActsForGrantee(r.OrgID):
			row.Action = "reporting.action.complete"
		case r.Status == reporting.Submitted && canDecide:
			row.Action = "reporting.action.review"
		}
		d.Total++
		if row.Overdue {
			d.Overdue++
		}
		if r.Status == reporting.Submitted {
			d.Submitted++
		}
		if r.Status != reporting.Approved {
			d.Open++
		}
		keep := false
		switch state {
		case "open":
			keep = r.Status != reporting.Approved
		case "overdue":
			keep = row.Overdue
		case "submitted":
			keep = r.Status == reporting.Submitted
		case "approved":
			keep = r.Status == reporting.Approved
		default:
			keep = true
		}
		if keep {
			d.Rows = append(d.Rows, row)
		}
	}
	d.Sort = c.Query("sort")
	switch d.Sort {
	case "grant":
		sort.SliceStable(d.Rows, func(i, j int) bool { return d.Rows[i].ContractNumber < d.Rows[j].ContractNumber })
	case "status":
		sort.SliceStable(d.Rows, func(i, j int) bool { return d.Rows[i].Status < d.Rows[j].Status })
	default:
		d.Sort = "due"
	}
	d.SortLinks = map[string]string{}
	for _, col := range []string{"due", "grant", "status"} {
		d.SortLinks[col] = "/grantee-reports?" + url.Values{"state": {state}, "sort": {col}}.Encode()
	}
	for _, v := range reportStates {
		d.States = append(d.States, OptionView{Value: v, Label: p.T("reporting.filter." + v), Selected: v == state})
	}
	p.Data = d
	s.render(c, http.StatusOK, "reporting/list", p)
}

// cellView is one input of the beneficiaries grid.
type cellView struct{ Name, ID, Label, Value string }

// benefRow is a gender × disability row of a group's grid.
type benefRow struct {
	Label string
	Cells []cellView
}

// benefGroup is a target group's grid.
type benefGroup struct {
	Code, Label string
	Rows        []benefRow
}

// reportLineView is a budget line of the financial table, formatted.
type reportLineView struct {
	reporting.Line
	Percent string
	Field   string // the explanation field, explain_<n>
}

// reportPageData is the report page.
type reportPageData struct {
	D        reporting.Detail
	Edit     bool // the grantee may change it
	Decide   bool // an officer may decide on it
	Overdue  bool
	Groups   []benefGroup
	Lines    []reportLineView
	LineOpts []OptionView
	Exp      []expView
}

// expView is a cost of the expenditure list.
type expView struct {
	reporting.Expenditure
	ReasonField string
}

func (s *Server) loadReport(c *gin.Context) (reporting.Detail, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return reporting.Detail{}, false
	}
	d, err := s.reportStore().Load(c.Request.Context(), requestScope(c), id)
	if err != nil {
		s.respondError(c, err)
		return d, false
	}
	return d, true
}

// granteeReportPage is GET /grantee-reports/:id.
func (s *Server) granteeReportPage(c *gin.Context) {
	d, ok := s.loadReport(c)
	if !ok {
		return
	}
	p := s.newPage(c, "reporting.report.title")
	f := newForm(p, "difficulties", "line", "spent_on", "supplier", "description", "amount", "document_ref", "file")
	fillReportForm(f, d)
	s.renderReport(c, http.StatusOK, p, d)
}

// fillReportForm puts the stored values of d in the form.
func fillReportForm(f *Form, d reporting.Detail) {
	f.Values["difficulties"] = d.Difficulties
	for _, in := range d.Indicators {
		f.Values["achieved_"+strconv.Itoa(in.Position)] = strconv.FormatInt(in.Achieved, 10)
	}
	for _, b := range d.Beneficiaries {
		f.Values[reporting.BeneficiaryField(b)] = strconv.FormatInt(b.Count, 10)
	}
	for pos, e := range d.Explanations {
		f.Values["explain_"+strconv.Itoa(pos)] = e
	}
}

func (s *Server) renderReport(c *gin.Context, status int, p *Page, d reporting.Detail) {
	p.Step("reporting.nav", "/grantee-reports")
	sc := requestScope(c)
	v := reportPageData{D: d, Edit: d.Status.Editable() && sc.ActsForGrantee(d.OrgID),
		Decide: d.Status == reporting.Submitted && p.Can("grantee_report", "decide"), Overdue: d.Overdue(s.reportStore().Today())}
	for _, g := range d.Groups {
		bg := benefGroup{Code: g, Label: p.T("org.target." + g)}
		for _, gender := range reporting.Genders {
			for _, dis := range []bool{false, true} {
				disKey := "reporting.benef.no_disability"
				if dis {
					disKey = "reporting.benef.disability"
				}
				row := benefRow{Label: p.T("reporting.gender."+gender) + ", " + p.T(disKey)}
				for _, age := range reporting.AgeBands {
					name := reporting.BeneficiaryField(reporting.Beneficiary{TargetGroup: g, Gender: gender, AgeBand: age, Disability: dis})
					row.Cells = append(row.Cells, cellView{Name: name, ID: fieldID(name),
						Label: bg.Label + ", " + row.Label + ", " + p.T("reporting.age."+age), Value: p.Form.Values[name]})
				}
				bg.Rows = append(bg.Rows, row)
			}
		}
		v.Groups = append(v.Groups, bg)
	}
	for _, l := range d.Lines {
		lv := reportLineView{Line: l, Field: "explain_" + strconv.Itoa(l.Position), Percent: "–"}
		if l.VarianceBP != nil {
			lv.Percent = hundredths(p.Lang, *l.VarianceBP) + " %"
		}
		v.Lines = append(v.Lines, lv)
	}
	for _, b := range d.Budget {
		val := strconv.Itoa(b.Position)
		v.LineOpts = append(v.LineOpts, OptionView{Value: val, Label: b.Heading + " – " + b.Description,
			Selected: p.Form.Values["line"] == val})
	}
	for _, e := range d.Expenditures {
		v.Exp = append(v.Exp, expView{Expenditure: e, ReasonField: "reason_" + strconv.FormatInt(e.ID, 10)})
	}
	p.Data = v
	s.render(c, status, "reporting/report", p)
}

// reportRedirect is the report page, at an anchor.
func reportRedirect(c *gin.Context, id int64, anchor string) {
	c.Redirect(http.StatusSeeOther, "/grantee-reports/"+strconv.FormatInt(id, 10)+anchor)
}

// refuseReport shows the report again with err's messages (422 and the
// like) and what was typed; other errors are answered as usual.
func (s *Server) refuseReport(c *gin.Context, id int64, err error, status int, typed map[string]string) {
	code := apperr.CodeOf(err)
	if code != apperr.Invalid && code != apperr.Conflict && status == 0 {
		s.respondError(c, err)
		return
	}
	d, lerr := s.reportStore().Load(c.Request.Context(), requestScope(c), id)
	if lerr != nil {
		s.respondError(c, lerr)
		return
	}
	p := s.newPage(c, "reporting.report.title")
	f := newForm(p, "difficulties", "line", "spent_on", "supplier", "description", "amount", "document_ref", "file")
	fillReportForm(f, d)
	for k, v := range typed {
		f.Values[k] = v
	}
	f.setError(err)
	if status == 0 {
		status = statusOf(code)
	}
	s.renderReport(c, status, p, d)
}

// narrativeForm reads the narrative part of the report form.
func narrativeForm(c *gin.Context, d reporting.Detail) (reporting.Narrative, apperr.FieldErrors, map[string]string) {
	pf := c.Request.PostForm
	n := reporting.Narrative{Difficulties: pf.Get("difficulties"), Achieved: map[int]int64{}, Explanations: map[int]string{}}
	fe := apperr.FieldErrors{}
	typed := map[string]string{"difficulties": n.Difficulties}
	count := func(name string) int64 {
		raw := strings.TrimSpace(pf.Get(name))
		typed[name] = raw
		if raw == "" {
			return 0
		}
		v, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || v < 0 {
			fe.Add(name, "reporting.error.count")
			return 0
		}
		return v
	}
	for _, in := range d.Indicators {
		n.Achieved[in.Position] = count("achieved_" + strconv.Itoa(in.Position))
	}
	for _, g := range d.Groups {
		for _, gender := range reporting.Genders {
			for _, age := range reporting.AgeBands {
				for _, dis := range []bool{false, true} {
					b := reporting.Beneficiary{TargetGroup: g, Gender: gender, AgeBand: age, Disability: dis}
					b.Count = count(reporting.BeneficiaryField(b))
					n.Beneficiaries = append(n.Beneficiaries, b)
				}
			}
		}
	}
	for _, l := range d.Lines {
		name := "explain_" + strconv.Itoa(l.Position)
		if v, ok := pf[name]; ok {
			n.Explanations[l.Position] = v[0]
			typed[name] = v[0]
		} else if e := d.Explanations[l.Position]; e != "" {
			n.Explanations[l.Position] = e // kept when the field is not shown
		}
	}
	return n, fe, typed
}

// saveReportNarrative is POST /grantee-reports/:id/narrative.
func (s *Server) saveReportNarrative(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	d, ok := s.loadReport(c)
	if !ok {
		return
	}
	n, fe, typed := narrativeForm(c, d)
	err := fe.Err()
	if err == nil {
		err = s.reportStore().SaveNarrative(c.Request.Context(), requestScope(c), d.ID, n)
	}
	if err != nil {
		s.refuseReport(c, d.ID, err, 0, typed)
		return
	}
	s.setFlash(c, "reporting.flash.saved")
	reportRedirect(c, d.ID, "")
}

var expenditureFields = []string{"line", "spent_on", "supplier", "description", "amount", "document_ref"}

// addReportExpenditure is POST /grantee-reports/:id/expenditures: one cost
// per submit (multipart, with an optional supporting document, or a plain
// form without one).
func (s *Server) addReportExpenditure(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	var vals map[string]string
	var up uploadForm
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		var err error
		if up, err = s.readUploadForm(c, expenditureFields...); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				s.tooLarge(c)
				return
			}
			s.fail(c, err)
			return
		}
		vals = up.Values
	} else {
		if !s.parseForm(c) {
			return
		}
		vals = map[string]string{}
		for _, k := range expenditureFields {
			vals[k] = postValue(c, k)
		}
	}
	drop := func() {
		if up.File != nil {
			_ = s.uploads().Remove(up.File.StoredName)
		}
	}
	if up.FileErr != nil {
		fe := apperr.FieldErrors{}
		status, _ := fileRefusal(fe, up.FileErr)
		s.refuseReport(c, id, fe.Err(), status, vals)
		return
	}
	line, _ := strconv.Atoi(vals["line"])
	amount := vals["amount"]
	if v, err := money.Parse(string(s.lang(c)), amount); err == nil {
		amount = strconv.FormatInt(v/100, 10) + "." + strconv.FormatInt(100+v%100, 10)[1:]
	}
	_, err := s.reportStore().AddExpenditure(c.Request.Context(), requestScope(c), id, reporting.NewExpenditure{
		LinePosition: line, SpentOn: vals["spent_on"], Supplier: vals["supplier"], Description: vals["description"],
		Amount: amount, DocumentRef: vals["document_ref"], File: up.File}, currentUser(c).ID)
	if err != nil {
		drop()
		s.refuseReport(c, id, err, 0, vals)
		return
	}
	s.setFlash(c, "reporting.flash.expenditure_added")
	reportRedirect(c, id, "#expenditures")
}

// removeReportExpenditure is POST /grantee-reports/:id/expenditures/:exp/remove.
func (s *Server) removeReportExpenditure(c *gin.Context) {
	id, ok1 := idParam(c, "id")
	exp, ok2 := idParam(c, "exp")
	if !ok1 || !ok2 {
		s.notFound(c)
		return
	}
	if !s.parseForm(c) {
		return
	}
	ctx, sc := c.Request.Context(), requestScope(c)
	e, derr := s.reportStore().Document(ctx, sc, id, exp)
	if err := s.reportStore().RemoveExpenditure(ctx, sc, id, exp); err != nil {
		s.refuseReport(c, id, err, 0, nil)
		return
	}
	if derr == nil && e.StoredName != nil {
		_ = s.uploads().Remove(*e.StoredName)
	}
	s.setFlash(c, "reporting.flash.expenditure_removed")
	reportRedirect(c, id, "#expenditures")
}

// reportDocument is GET .../expenditures/:exp/document: the supporting
// document, sent so that a browser neither renders nor sniffs it.
func (s *Server) reportDocument(c *gin.Context) {
	id, ok1 := idParam(c, "id")
	exp, ok2 := idParam(c, "exp")
	if !ok1 || !ok2 {
		s.notFound(c)
		return
	}
	e, err := s.reportStore().Document(c.Request.Context(), requestScope(c), id, exp)
	if err != nil {
		s.respondError(c, err)
		return
	}
	f, err := s.uploads().Open(*e.StoredName)
	if err != nil {
		s.respondError(c, apperr.Wrap(apperr.NotFound, "error.not_found", err))
		return
	}
	defer f.Close()
	c.Header("Content-Disposition", upload.ContentDisposition(e.FileName))
	c.Header("Content-Security-Policy", "default-src 'none'; sandbox")
	c.Header("X-Content-Type-Options", "nosniff")
	c.DataFromReader(http.StatusOK, e.SizeBytes, e.ContentType, f, nil)
}

// submitReport is POST /grantee-reports/:id/submit.
func (s *Server) submitReport(c *gin.Context) {
	s.reportAction(c, "reporting.flash.submitted", true, func(id int64) error {
		return s.reportStore().Submit(c.Request.Context(), requestScope(c), id, currentUser(c).ID)
	})
}

// approveReport is POST /grantee-reports/:id/approve.
func (s *Server) approveReport(c *gin.Context) {
	s.reportAction(c, "reporting.flash.approved", true, func(id int64) error {
		_, err := s.reportStore().Approve(c.Request.Context(), requestScope(c), id, currentUser(c).ID)
		return err
	})
}

// requestReportChanges is POST /grantee-reports/:id/request-changes.
func (s *Server) requestReportChanges(c *gin.Context) {
	s.reportAction(c, "reporting.flash.changes_requested", true, func(id int64) error {
		return s.reportStore().RequestChanges(c.Request.Context(), requestScope(c), id, c.Request.PostForm.Get("reason"),
			currentUser(c).ID)
	})
}

// setExpenditureEligibility is POST .../expenditures/:exp/eligibility
// (eligible=0 with a reason, or eligible=1).
func (s *Server) setExpenditureEligibility(c *gin.Context) {
	exp, ok := idParam(c, "exp")
	if !ok {
		s.notFound(c)
		return
	}
	s.reportAction(c, "reporting.flash.eligibility", false, func(id int64) error {
		return s.reportStore().SetEligibility(c.Request.Context(), requestScope(c), id, exp,
			postValue(c, "eligible") == "1", c.Request.PostForm.Get("reason_"+strconv.FormatInt(exp, 10)))
	})
}

// reportAction runs one decision or the submission on :id, then redirects
// with a flash to where the next step is (done: the list of reports, where
// the next report due or to check waits; else the report itself), or shows
// the report again with the refusal.
func (s *Server) reportAction(c *gin.Context, flash string, done bool, fn func(id int64) error) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	if !s.parseForm(c) {
		return
	}
	if err := fn(id); err != nil {
		typed := map[string]string{}
		for k, v := range c.Request.PostForm {
			typed[k] = v[0]
		}
		s.refuseReport(c, id, err, 0, typed)
		return
	}
	s.setFlash(c, flash)
	if done {
		c.Redirect(http.StatusSeeOther, "/grantee-reports")
		return
	}
	reportRedirect(c, id, "")
}
