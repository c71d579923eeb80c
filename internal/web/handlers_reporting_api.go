package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/reporting"
)

// apiReportSummary is a report in a list: kind, period, due date, state
// and totals (money as amount_minor + currency).
type apiReportSummary struct {
	ID                  int64  `json:"id"`
	GrantID             int64  `json:"grant_id"`
	Kind                string `json:"kind"`
	Position            int    `json:"position"`
	PeriodStart         string `json:"period_start"`
	PeriodEnd           string `json:"period_end"`
	DueOn               string `json:"due_on"`
	Status              string `json:"status"`
	Overdue             bool   `json:"overdue"`
	Currency            string `json:"currency"`
	SpentMinor          int64  `json:"spent_minor"`
	EligibleMinor       int64  `json:"eligible_minor"`
	ChangesRequestedFor string `json:"reason,omitempty"`
}

func toAPIReport(r reporting.Report, today string) apiReportSummary {
	return apiReportSummary{ID: r.ID, GrantID: r.GrantID, Kind: string(r.Kind), Position: r.Position,
		PeriodStart: r.PeriodStart, PeriodEnd: r.PeriodEnd, DueOn: r.DueOn, Status: string(r.Status),
		Overdue: r.Overdue(today), Currency: r.Currency, SpentMinor: r.SpentMinor, EligibleMinor: r.EligibleMinor,
		ChangesRequestedFor: r.Reason}
}

// apiGrantReports is GET /api/v1/grants/:id/reports: the grant's reporting
// calendar with each report's state; 404 for a grant the caller does not
// reach.
func (s *Server) apiGrantReports(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	st := s.reportStore()
	rs, err := st.ForGrant(c.Request.Context(), requestScope(c), id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	out := make([]apiReportSummary, 0, len(rs))
	for _, r := range rs {
		out = append(out, toAPIReport(r, st.Today()))
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

// apiReportDetail is a report with its sections.
type apiReportDetail struct {
	apiReportSummary
	Difficulties  string                   `json:"difficulties"`
	Indicators    []reporting.IndicatorRow `json:"indicators"`
	Rollup        []reporting.Rollup       `json:"rollup"`
	Beneficiaries []reporting.Beneficiary  `json:"beneficiaries"`
	Expenditures  []reporting.Expenditure  `json:"expenditures"`
	Lines         []reporting.Line         `json:"lines"`
	ThresholdBP   int64                    `json:"variance_explain_bp"`
	Settlement    *reporting.Settlement    `json:"settlement,omitempty"`
	Recovery      *reporting.RecoveryOrder `json:"recovery_order,omitempty"`
}

func (s *Server) apiReportOf(c *gin.Context, id int64, status ...int) {
	st := s.reportStore()
	d, err := st.Load(c.Request.Context(), requestScope(c), id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	code := http.StatusOK
	if len(status) > 0 {
		code = status[0]
	}
	c.JSON(code, apiReportDetail{apiReportSummary: toAPIReport(d.Report, st.Today()), Difficulties: d.Difficulties,
		Indicators: d.Indicators, Rollup: d.Rollup, Beneficiaries: d.Beneficiaries, Expenditures: d.Expenditures,
		Lines: d.Lines, ThresholdBP: d.ThresholdBP, Settlement: d.Settlement, Recovery: d.Recovery})
}

// apiGranteeReport is GET /api/v1/grantee-reports/:id.
func (s *Server) apiGranteeReport(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	s.apiReportOf(c, id)
}

// apiSubmitReport is POST /api/v1/grantee-reports/:id/submit (no body):
// 422 naming each unexplained line (explain_<n>), 409 when not editable.
func (s *Server) apiSubmitReport(c *gin.Context) {
	s.apiReportAction(c, false, func(id int64, _ string) error {
		return s.reportStore().Submit(c.Request.Context(), requestScope(c), id, currentUser(c).ID)
	})
}

// apiApproveReport is POST /api/v1/grantee-reports/:id/approve (no body).
func (s *Server) apiApproveReport(c *gin.Context) {
	s.apiReportAction(c, false, func(id int64, _ string) error {
		_, err := s.reportStore().Approve(c.Request.Context(), requestScope(c), id, currentUser(c).ID)
		return err
	})
}

// apiRequestReportChanges is POST /api/v1/grantee-reports/:id/request-changes
// with {"reason": "..."}.
func (s *Server) apiRequestReportChanges(c *gin.Context) {
	s.apiReportAction(c, true, func(id int64, reason string) error {
		return s.reportStore().RequestChanges(c.Request.Context(), requestScope(c), id, reason, currentUser(c).ID)
	})
}

func (s *Server) apiReportAction(c *gin.Context, body bool, fn func(id int64, reason string) error) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if body && !s.decodeJSON(c, &in) {
		return
	}
	if err := fn(id, in.Reason); err != nil {
		s.respondError(c, err)
		return
	}
	s.apiReportOf(c, id)
}

// apiNarrativeIn is the body of PUT .../narrative: the whole narrative
// and the explanations, replacing what was saved.
type apiNarrativeIn struct {
	Difficulties string `json:"difficulties"`
	Achieved     []struct {
		Position int   `json:"position"`
		Achieved int64 `json:"achieved"`
	} `json:"achieved"`
	Beneficiaries []reporting.Beneficiary `json:"beneficiaries"`
	Explanations  []struct {
		LinePosition int    `json:"line_position"`
		Explanation  string `json:"explanation"`
	} `json:"explanations"`
}

// apiSaveReportNarrative is PUT /api/v1/grantee-reports/:id/narrative.
func (s *Server) apiSaveReportNarrative(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	var in apiNarrativeIn
	if !s.decodeJSON(c, &in) {
		return
	}
	n := reporting.Narrative{Difficulties: in.Difficulties, Achieved: map[int]int64{}, Beneficiaries: in.Beneficiaries,
		Explanations: map[int]string{}}
	for _, a := range in.Achieved {
		n.Achieved[a.Position] = a.Achieved
	}
	for _, e := range in.Explanations {
		n.Explanations[e.LinePosition] = e.Explanation
	}
	if err := s.reportStore().SaveNarrative(c.Request.Context(), requestScope(c), id, n); err != nil {
		s.respondError(c, err)
		return
	}
	s.apiReportOf(c, id)
}

// apiExpenditureIn is the body of POST .../expenditures (the API takes a
// document reference; files are uploaded on the report page).
type apiExpenditureIn struct {
	LinePosition int    `json:"line_position"`
	SpentOn      string `json:"spent_on"`
	Supplier     string `json:"supplier"`
	Description  string `json:"description"`
	AmountMinor  int64  `json:"amount_minor"`
	Currency     string `json:"currency"`
	DocumentRef  string `json:"document_ref"`
}

// apiAddReportExpenditure is POST /api/v1/grantee-reports/:id/expenditures:
// 201 with the report; 422 naming the fields (amount_minor for the
// amount, currency when it is not the grant's).
func (s *Server) apiAddReportExpenditure(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	var in apiExpenditureIn
	if !s.decodeJSON(c, &in) {
		return
	}
	ctx, sc, st := c.Request.Context(), requestScope(c), s.reportStore()
	r, err := st.Get(ctx, sc, id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	if in.Currency != r.Currency {
		s.problem(c, http.StatusUnprocessableEntity, "error.invalid_input", map[string]string{"currency": "reporting.error.currency"})
		return
	}
	_, err = st.AddExpenditure(ctx, sc, id, reporting.NewExpenditure{LinePosition: in.LinePosition, SpentOn: in.SpentOn,
		Supplier: in.Supplier, Description: in.Description, AmountMinor: in.AmountMinor, DocumentRef: in.DocumentRef},
		currentUser(c).ID)
	if err != nil {
		if e := apperrFields(err); e != nil {
			if k, ok := e["amount"]; ok {
				delete(e, "amount")
				e["amount_minor"] = k
			}
			if k, ok := e["line"]; ok {
				delete(e, "line")
				e["line_position"] = k
			}
		}
		s.respondError(c, err)
		return
	}
	s.apiReportOf(c, id, http.StatusCreated)
}

// apiRemoveReportExpenditure is DELETE /api/v1/grantee-reports/:id/expenditures/:exp.
func (s *Server) apiRemoveReportExpenditure(c *gin.Context) {
	id, ok1 := idParam(c, "id")
	exp, ok2 := idParam(c, "exp")
	if !ok1 || !ok2 {
		s.notFound(c)
		return
	}
	ctx, sc := c.Request.Context(), requestScope(c)
	e, derr := s.reportStore().Document(ctx, sc, id, exp)
	if err := s.reportStore().RemoveExpenditure(ctx, sc, id, exp); err != nil {
		s.respondError(c, err)
		return
	}
	if derr == nil && e.StoredName != nil {
		_ = s.uploads().Remove(*e.StoredName)
	}
	c.Status(http.StatusNoContent)
}

// apiSetExpenditureEligibility is POST
// /api/v1/grantee-reports/:id/expenditures/:exp/eligibility with
// {"eligible": false, "reason": "..."}.
func (s *Server) apiSetExpenditureEligibility(c *gin.Context) {
	id, ok1 := idParam(c, "id")
	exp, ok2 := idParam(c, "exp")
	if !ok1 || !ok2 {
		s.notFound(c)
		return
	}
	var in struct {
		Eligible *bool  `json:"eligible"`
		Reason   string `json:"reason"`
	}
	if !s.decodeJSON(c, &in) {
		return
	}
	if in.Eligible == nil {
		s.problem(c, http.StatusUnprocessableEntity, "error.invalid_input", map[string]string{"eligible": "reporting.error.eligible"})
		return
	}
	err := s.reportStore().SetEligibility(c.Request.Context(), requestScope(c), id, exp, *in.Eligible, in.Reason)
	if err != nil {
		if e := apperrFields(err); e != nil {
			for k, v := range e {
				if k != "reason" && len(k) > 7 && k[:7] == "reason_" {
					delete(e, k)
					e["reason"] = v
				}
			}
		}
		s.respondError(c, err)
		return
	}
	s.apiReportOf(c, id)
}

// apperrFields is the field map of an invalid-input error, nil otherwise.
func apperrFields(err error) map[string]string {
	if e := apperr.As(err); e != nil && e.Code == apperr.Invalid {
		return e.Fields
	}
	return nil
}
