package web

import "net/http"

// organisationRoutes: Organisations: registration, profiles, document vault, verification.
func (s *Server) organisationRoutes() []route {
	view, edit := can("organisation", "view"), can("organisation", "edit")
	return []route{
		// Self-registration of an NGO and acceptance of invitations (public, throttled).
		{http.MethodGet, "/register", public, 0, s.registerForm},
		{http.MethodPost, "/register", public, 0, s.register},
		{http.MethodGet, "/invitations/accept", public, 0, s.acceptForm},
		{http.MethodPost, "/invitations/accept", public, 0, s.acceptInvitation},

		// Profiles: applicants their own organisation (own_org), officers all (any).
		{http.MethodGet, "/organisations", view, 0, s.orgList},
		{http.MethodGet, "/organisations/mine", view, 0, s.orgMine},
		{http.MethodGet, "/organisations/services", view, 0, s.orgServices},
		{http.MethodGet, "/organisations/:id", view, 0, s.orgShow},
		{http.MethodGet, "/organisations/:id/edit", edit, 0, s.orgEditForm},
		{http.MethodPost, "/organisations/:id", edit, 0, s.orgSave},
		{http.MethodPost, "/organisations/:id/verify", can("organisation", "verify"), 0, s.orgVerify},

		// Users of an organisation and invitations.
		{http.MethodGet, "/organisations/:id/members", view, 0, s.orgMembers},
		{http.MethodPost, "/organisations/:id/invitations", edit, 0, s.orgInvite},

		// Document vault (uploads limited by PORTAL_UPLOAD_MAX_MB).
		{http.MethodGet, "/organisations/:id/documents", view, 0, s.orgDocuments},
		{http.MethodPost, "/organisations/:id/documents", edit, s.uploadLimit(), s.orgUpload},
		{http.MethodGet, "/organisations/:id/documents/:doc", view, 0, s.orgDownload},
		{http.MethodPost, "/organisations/:id/documents/:doc/delete", edit, 0, s.orgDeleteDocument},

		// The intermediary's letterhead and logo (issue 10): officers.
		{http.MethodGet, "/letterhead", can("letterhead", "edit"), 0, s.letterheadPage},
		{http.MethodPost, "/letterhead", can("letterhead", "edit"), s.uploadLimit(), s.saveLetterhead}, // a logo over org.MaxLogoBytes gets 413
		{http.MethodGet, "/letterhead/logo", can("letterhead", "edit"), 0, s.letterheadLogo},

		// JSON API.
		{http.MethodGet, "/api/v1/organisations", view, apiLimit, s.apiOrgList},
		{http.MethodGet, "/api/v1/organisations/:id", view, apiLimit, s.apiOrgGet},
		{http.MethodPut, "/api/v1/organisations/:id", edit, apiLimit, s.apiOrgUpdate},
	}
}
