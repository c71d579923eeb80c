package web

import "net/http"

// reportingRoutes: Grantee reports. Reports are reached through their
// grant (access.Scope.Grants): the grantee its own organisation's, staff
// every one, a donor officer its programmes'. The grantee edits and
// submits; the programme officer decides (approve, request changes, mark
// costs ineligible). /grantee-reports keeps these apart from the donor
// reports of the next issue.
func (s *Server) reportingRoutes() []route {
	return []route{
		{http.MethodGet, "/grantee-reports", can("grantee_report", "view"), 0, s.granteeReportsPage},
		{http.MethodGet, "/grantee-reports/:id", can("grantee_report", "view"), 0, s.granteeReportPage},
		{http.MethodPost, "/grantee-reports/:id/narrative", can("grantee_report", "edit"), 0, s.saveReportNarrative},
		{http.MethodPost, "/grantee-reports/:id/expenditures", can("grantee_report", "edit"), s.uploadLimit(), s.addReportExpenditure},
		{http.MethodPost, "/grantee-reports/:id/expenditures/:exp/remove", can("grantee_report", "edit"), 0, s.removeReportExpenditure},
		{http.MethodGet, "/grantee-reports/:id/expenditures/:exp/document", can("grantee_report", "view"), 0, s.reportDocument},
		{http.MethodPost, "/grantee-reports/:id/submit", can("grantee_report", "submit"), 0, s.submitReport},
		{http.MethodPost, "/grantee-reports/:id/approve", can("grantee_report", "decide"), 0, s.approveReport},
		{http.MethodPost, "/grantee-reports/:id/request-changes", can("grantee_report", "decide"), 0, s.requestReportChanges},
		{http.MethodPost, "/grantee-reports/:id/expenditures/:exp/eligibility", can("grantee_report", "decide"), 0, s.setExpenditureEligibility},

		// Recovery orders of final settlements below what was paid: finance
		// records the repayment; a waiver is proposed and approved by two users.
		{http.MethodGet, "/recovery-orders", can("recovery_order", "view"), 0, s.recoveriesPage},
		{http.MethodGet, "/recovery-orders/:id", can("recovery_order", "view"), 0, s.recoveryPage},
		{http.MethodPost, "/recovery-orders/:id/recover", can("recovery_order", "recover"), 0, s.recoverOrder},
		{http.MethodPost, "/recovery-orders/:id/waiver", can("recovery_order", "waive"), 0, s.proposeWaiver},
		{http.MethodPost, "/recovery-orders/:id/waiver/approve", can("recovery_order", "waive"), 0, s.approveWaiver},
		{http.MethodPost, "/recovery-orders/:id/waiver/decline", can("recovery_order", "waive"), 0, s.declineWaiver},

		// JSON API.
		{http.MethodGet, "/api/v1/grants/:id/reports", can("grantee_report", "view"), apiLimit, s.apiGrantReports},
		{http.MethodGet, "/api/v1/grantee-reports/:id", can("grantee_report", "view"), apiLimit, s.apiGranteeReport},
		{http.MethodPut, "/api/v1/grantee-reports/:id/narrative", can("grantee_report", "edit"), apiLimit, s.apiSaveReportNarrative},
		{http.MethodPost, "/api/v1/grantee-reports/:id/expenditures", can("grantee_report", "edit"), apiLimit, s.apiAddReportExpenditure},
		{http.MethodDelete, "/api/v1/grantee-reports/:id/expenditures/:exp", can("grantee_report", "edit"), apiLimit, s.apiRemoveReportExpenditure},
		{http.MethodPost, "/api/v1/grantee-reports/:id/expenditures/:exp/eligibility", can("grantee_report", "decide"), apiLimit, s.apiSetExpenditureEligibility},
		{http.MethodPost, "/api/v1/grantee-reports/:id/submit", can("grantee_report", "submit"), apiLimit, s.apiSubmitReport},
		{http.MethodPost, "/api/v1/grantee-reports/:id/approve", can("grantee_report", "decide"), apiLimit, s.apiApproveReport},
		{http.MethodPost, "/api/v1/grantee-reports/:id/request-changes", can("grantee_report", "decide"), apiLimit, s.apiRequestReportChanges},
		{http.MethodGet, "/api/v1/recovery-orders", can("recovery_order", "view"), apiLimit, s.apiRecoveries},
		{http.MethodGet, "/api/v1/recovery-orders/:id", can("recovery_order", "view"), apiLimit, s.apiRecovery},
		{http.MethodPost, "/api/v1/recovery-orders/:id/recover", can("recovery_order", "recover"), apiLimit, s.apiRecover},
		{http.MethodPost, "/api/v1/recovery-orders/:id/waiver", can("recovery_order", "waive"), apiLimit, s.apiProposeWaiver},
		{http.MethodPost, "/api/v1/recovery-orders/:id/waiver/approve", can("recovery_order", "waive"), apiLimit, s.apiApproveWaiver},
		{http.MethodPost, "/api/v1/recovery-orders/:id/waiver/decline", can("recovery_order", "waive"), apiLimit, s.apiDeclineWaiver},
	}
}
