package web

import "net/http"

// applicationRoutes: Applications: drafts, budgets, submission, checks.
// Applicants act for their own organisations (own_org); officers view any.
func (s *Server) applicationRoutes() []route {
	return []route{
		// JSON API.
		{http.MethodGet, "/api/v1/applications", can("application", "view"), apiLimit, s.apiApplications},
		{http.MethodPost, "/api/v1/applications", can("application", "create"), apiLimit, s.apiCreateApplication},
		{http.MethodGet, "/api/v1/applications/:id", can("application", "view"), apiLimit, s.apiApplication},
		{http.MethodPut, "/api/v1/applications/:id", can("application", "edit"), apiLimit, s.apiUpdateApplication},
		{http.MethodGet, "/api/v1/applications/:id/check", can("application", "view"), apiLimit, s.apiCheckApplication},
		{http.MethodPost, "/api/v1/applications/:id/submit", can("application", "submit"), apiLimit, s.apiSubmitApplication},
		{http.MethodPost, "/api/v1/applications/:id/withdraw", can("application", "withdraw"), apiLimit, s.apiWithdrawApplication},

		// Pages (applicants: their own organisation's; officers: by call).
		{http.MethodGet, "/applications", can("application", "view"), 0, s.myApplications},
		{http.MethodGet, "/applications/:id", can("application", "view"), 0, s.viewApplication},
		{http.MethodGet, "/applications/:id/edit/:section", can("application", "edit"), 0, s.editSection},
		{http.MethodPost, "/applications/:id/edit/:section", can("application", "edit"), 0, s.saveSection},
		{http.MethodGet, "/applications/:id/budget.xlsx", can("application", "view"), 0, s.budgetXLSX},
		{http.MethodPost, "/applications/:id/budget.xlsx", can("application", "edit"), s.uploadLimit(), s.uploadBudgetXLSX},
		{http.MethodGet, "/applications/:id/check", can("application", "view"), 0, s.checkApplication},
		{http.MethodPost, "/applications/:id/submit", can("application", "submit"), 0, s.submitApplication},
		{http.MethodGet, "/applications/:id/receipt", can("application", "view"), 0, s.receiptPage},
		{http.MethodGet, "/applications/:id/receipt.pdf", can("application", "view"), 0, s.receiptPDF},
		{http.MethodGet, "/applications/:id/withdraw", can("application", "withdraw"), 0, s.withdrawForm},
		{http.MethodPost, "/applications/:id/withdraw", can("application", "withdraw"), 0, s.withdrawApplication},
		{http.MethodGet, "/calls/:id/applications", can("application", "view"), 0, s.callApplications},
		{http.MethodGet, "/calls/:id/applications.csv", can("application", "view"), 0, s.callApplicationsCSV},

		// Screening: the administrative and eligibility check and requests
		// for more information. Officers check (application:check, any);
		// the applicant organisation reads the decision and the requests and
		// answers them (SQL: own organisation only, not partners); evaluators
		// and everyone else get 404.
		{http.MethodGet, "/applications/:id/screening", can("application", "view"), 0, s.screeningPage},
		{http.MethodPost, "/applications/:id/screening", can("application", "check"), 0, s.saveScreening},
		{http.MethodPost, "/applications/:id/screening/points", can("application", "check"), 0, s.addScreeningPoint},
		{http.MethodGet, "/applications/:id/info-requests", can("application", "view"), 0, s.infoRequestsPage},
		{http.MethodPost, "/applications/:id/info-requests", can("application", "check"), 0, s.askInfo},
		{http.MethodPost, "/applications/:id/info-requests/answer", can("application", "edit"), 0, s.answerInfo},
		{http.MethodGet, "/api/v1/applications/:id/screening", can("application", "view"), apiLimit, s.apiGetScreening},
		{http.MethodPut, "/api/v1/applications/:id/screening", can("application", "check"), apiLimit, s.apiPutScreening},
		{http.MethodPost, "/api/v1/applications/:id/decision", can("application", "check"), apiLimit, s.apiDecide},
		{http.MethodGet, "/api/v1/applications/:id/info-requests", can("application", "view"), apiLimit, s.apiInfoRequests},
		{http.MethodPost, "/api/v1/applications/:id/info-requests", can("application", "check"), apiLimit, s.apiAsk},
		{http.MethodPost, "/api/v1/applications/:id/info-requests/answer", can("application", "edit"), apiLimit, s.apiAnswer},

		// Attachments: files of an application (uploads limited by
		// PORTAL_UPLOAD_MAX_MB, or copies of the organisation's vault
		// documents). Readers of the application list and download them;
		// its applicant adds them to a draft (or when a request for
		// information names "attachments") and removes them from a draft.
		{http.MethodGet, "/applications/:id/attachments", can("application", "view"), 0, s.attachmentsPage},
		{http.MethodPost, "/applications/:id/attachments", can("application", "edit"), s.uploadLimit(), s.addAttachment},
		{http.MethodGet, "/applications/:id/attachments/:att", can("application", "view"), 0, s.downloadAttachment},
		{http.MethodPost, "/applications/:id/attachments/:att/delete", can("application", "edit"), 0, s.removeAttachment},
		{http.MethodGet, "/api/v1/applications/:id/attachments", can("application", "view"), apiLimit, s.apiAttachments},
		{http.MethodPost, "/api/v1/applications/:id/attachments", can("application", "edit"), s.uploadLimit(), s.apiAddAttachment},
		{http.MethodDelete, "/api/v1/applications/:id/attachments/:att", can("application", "edit"), apiLimit, s.apiRemoveAttachment},
	}
}
