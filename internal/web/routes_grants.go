package web

import "net/http"

// grantRoutes: grant agreements, their signing, states and amendments.
func (s *Server) grantRoutes() []route {
	return []route{
		// Officers: grants by state; grantees: their own grants (the same list, scoped).
		{http.MethodGet, "/grants", can("grant", "view"), 0, s.grantsPage},
		{http.MethodGet, "/grants/:id", can("grant", "view"), 0, s.grantPage},
		{http.MethodGet, "/grants/:id/agreement.pdf", can("grant", "view"), 0, s.grantAgreementPDF},
		{http.MethodGet, "/grants/:id/signed.pdf", can("grant", "view"), 0, s.grantSignedScan},

		// Creating agreements from approved awards: one, or every award of a call.
		{http.MethodPost, "/applications/:id/grant", can("grant", "create"), 0, s.createGrant},
		{http.MethodPost, "/calls/:id/grants", can("grant", "create"), 0, s.createCallGrants},

		// The officer's work on a draft and the states.
		{http.MethodPost, "/grants/:id/draft", can("grant", "edit"), 0, s.saveGrantDraft},
		{http.MethodPost, "/grants/:id/signing", can("grant", "edit"), s.uploadLimit(), s.saveGrantSigning},
		{http.MethodPost, "/grants/:id/transition", can("grant", "edit"), 0, s.grantTransition},

		// Amendments: requested (officers any kind, the grantee its bank account), decided by another user.
		{http.MethodPost, "/grants/:id/amendments", can("grant", "amend"), 0, s.requestGrantAmendment},
		{http.MethodPost, "/grant-amendments/:id/decide", can("grant", "edit"), 0, s.decideGrantAmendment},

		// API.
		{http.MethodGet, "/api/v1/grants", can("grant", "view"), apiLimit, s.apiGrants},
		{http.MethodGet, "/api/v1/grants/:id", can("grant", "view"), apiLimit, s.apiGrant},
		{http.MethodGet, "/api/v1/grants/:id/amendments", can("grant", "view"), apiLimit, s.apiGrantAmendments},
		{http.MethodPost, "/api/v1/grants/:id/amendments", can("grant", "amend"), apiLimit, s.apiRequestGrantAmendment},
		{http.MethodPost, "/api/v1/grant-amendments/:id/approve", can("grant", "edit"), apiLimit, s.apiApproveGrantAmendment},
		{http.MethodPost, "/api/v1/grant-amendments/:id/reject", can("grant", "edit"), apiLimit, s.apiRejectGrantAmendment},
	}
}
