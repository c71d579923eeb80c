package web

import "net/http"

// programmeRoutes: Programmes, calls for proposals and clarifications.
// Which programmes a donor officer sees (own_org) is decided in SQL.
// /calls and /calls/:id (and their API twins) are public: anyone may read
// open calls; drafts answer 404 to whoever may not see them.
func (s *Server) programmeRoutes() []route {
	return []route{
		// Programmes.
		{http.MethodGet, "/programmes", can("programme", "view"), 0, s.programmesPage},
		{http.MethodGet, "/programmes/new", can("programme", "create"), 0, s.newProgrammeForm},
		{http.MethodPost, "/programmes", can("programme", "create"), 0, s.createProgramme},
		{http.MethodGet, "/programmes/:id", can("programme", "view"), 0, s.programmePage},
		{http.MethodGet, "/programmes/:id/edit", can("programme", "edit"), 0, s.editProgrammeForm},
		{http.MethodPost, "/programmes/:id", can("programme", "edit"), 0, s.updateProgramme},

		// Calls for proposals: public pages and clarifications.
		{http.MethodGet, "/calls", public, 0, s.openCalls},
		{http.MethodGet, "/calls/:id", public, 0, s.callPage},
		{http.MethodPost, "/calls/:id/questions", can("call", "ask"), 0, s.askQuestion},
		// Applying opens a draft of the caller's organisation (own_org).
		{http.MethodPost, "/calls/:id/apply", can("application", "create"), 0, s.applyToCall},

		// Calls for proposals: officers.
		{http.MethodGet, "/manage/calls", can("call", "edit"), 0, s.manageCalls},
		{http.MethodGet, "/manage/calls/new", can("call", "create"), 0, s.newCallForm},
		{http.MethodPost, "/manage/calls", can("call", "create"), 0, s.createCall},
		{http.MethodGet, "/manage/calls/:id", can("call", "edit"), 0, s.manageCall},
		{http.MethodGet, "/manage/calls/:id/edit", can("call", "edit"), 0, s.editCallForm},
		{http.MethodPost, "/manage/calls/:id", can("call", "edit"), 0, s.updateCall},
		{http.MethodPost, "/manage/calls/:id/publish", can("call", "publish"), 0, s.publishCall},
		{http.MethodPost, "/manage/calls/:id/close", can("call", "publish"), 0, s.closeCall},
		{http.MethodPost, "/manage/questions/:id/answer", can("call", "edit"), 0, s.answerQuestion},

		// JSON API.
		{http.MethodGet, "/api/v1/programmes", can("programme", "view"), apiLimit, s.apiProgrammes},
		{http.MethodGet, "/api/v1/programmes/:id", can("programme", "view"), apiLimit, s.apiProgramme},
		{http.MethodGet, "/api/v1/calls", public, apiLimit, s.apiCalls},
		{http.MethodGet, "/api/v1/calls/:id", public, apiLimit, s.apiCall},
	}
}
