package web

import "net/http"

// awardRoutes: Ranking, committee sessions, award decisions and letters.
func (s *Server) awardRoutes() []route {
	return []route{
		// The ranking of a call's stage (?stage=concept|full) and its documents.
		{http.MethodGet, "/calls/:id/ranking", can("ranking", "view"), 0, s.rankingPage},
		{http.MethodGet, "/calls/:id/ranking.xlsx", can("ranking", "view"), 0, s.rankingWorkbook},
		{http.MethodGet, "/calls/:id/evaluation-report.pdf", can("ranking", "view"), 0, s.evaluationReport},

		// The committee session: opened by an officer, approved by the call's chair.
		{http.MethodPost, "/calls/:id/sessions", can("award", "decide"), 0, s.openSession},
		{http.MethodGet, "/sessions/:id", can("award", "decide"), 0, s.sessionPage},
		{http.MethodPost, "/sessions/:id", can("award", "decide"), 0, s.saveSession},
		{http.MethodPost, "/sessions/:id/approve", can("award", "approve"), 0, s.approveSession},

		// The decision letter (the applicant organisation's, after approval).
		{http.MethodGet, "/applications/:id/letter.pdf", can("award", "view"), 0, s.letterPDF},

		// API.
		{http.MethodGet, "/api/v1/calls/:id/ranking", can("ranking", "view"), apiLimit, s.apiRanking},
	}
}
