package web

import "net/http"

// reviewRoutes: Scores, reviews and their consolidation. Evaluators score
// their own assignments (review:score, assigned; SQL: the user's active,
// declared assignment, else 404); the chair reopens a review and settles a
// divergence (review:reopen, any; the domain checks the chair); officers
// read every review with names, an evaluator only its own (review:view).
// Under /reviews/:id and /api/v1/reviews/:id, :id is the ASSIGNMENT id.
func (s *Server) reviewRoutes() []route {
	return []route{
		{http.MethodGet, "/assignments/:id/review", can("review", "score"), 0, s.scoreForm},
		{http.MethodPost, "/assignments/:id/review", can("review", "score"), 0, s.saveScoreForm},
		{http.MethodPost, "/reviews/:id/reopen", can("review", "reopen"), 0, s.reopenReview},
		{http.MethodGet, "/applications/:id/reviews", can("review", "view"), 0, s.applicationReviewsPage},
		{http.MethodPost, "/applications/:id/divergence", can("review", "reopen"), 0, s.resolveDivergence},
		{http.MethodGet, "/calls/:id/scores", can("review", "view"), 0, s.callScoresPage},

		// JSON API.
		{http.MethodGet, "/api/v1/applications/:id/reviews", can("review", "view"), apiLimit, s.apiApplicationReviews},
		{http.MethodPost, "/api/v1/reviews/:id", can("review", "score"), apiLimit, s.apiSaveReview},
	}
}
