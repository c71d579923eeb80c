package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

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

func (s *Server) apiReportOf(c *gin.Context, id int64) {
	st := s.reportStore()
	d, err := st.Load(c.Request.Context(), requestScope(c), id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, apiReportDetail{apiReportSummary: toAPIReport(d.Report, st.Today()), Difficulties: d.Difficulties,
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
