package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/review"
)

// apiScore is one criterion's score in the API.
type apiScore struct {
	Criterion     string `json:"criterion"`
	Score         *int   `json:"score"`
	Justification string `json:"justification"`
}

// apiEvaluator names the evaluator of a review (officers only).
type apiEvaluator struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// apiReview is a review in the API.
type apiReview struct {
	ID           int64         `json:"id"`
	AssignmentID int64         `json:"assignment_id"`
	Evaluator    *apiEvaluator `json:"evaluator,omitempty"`
	Status       string        `json:"status"`
	Further      bool          `json:"further"`
	Total        int           `json:"total"`
	Comment      string        `json:"comment"`
	SubmittedAt  *time.Time    `json:"submitted_at"`
	ReopenReason string        `json:"reopen_reason"`
	Scores       []apiScore    `json:"scores"`
}

// apiAppReviews is an application's reviews; the consolidation is for
// officers only.
type apiAppReviews struct {
	ApplicationID int64                `json:"application_id"`
	Reviews       []apiReview          `json:"reviews"`
	Consolidation *review.Consolidated `json:"consolidation,omitempty"`
}

// apiReviewBody is an evaluator's scores: a draft, or submitted.
type apiReviewBody struct {
	Scores  []apiScore `json:"scores"`
	Comment string     `json:"comment"`
	Submit  bool       `json:"submit"`
}

func toAPIReview(r review.ReviewView, codes map[int64]string, withName bool) apiReview {
	out := apiReview{ID: r.ID, AssignmentID: r.AssignmentID, Status: r.Status, Further: r.Further, Total: r.Total,
		Comment: r.Comment, SubmittedAt: r.SubmittedAt, ReopenReason: r.ReopenReason, Scores: []apiScore{}}
	if withName {
		out.Evaluator = &apiEvaluator{ID: r.UserID, Name: r.EvaluatorName}
	}
	for _, sc := range r.Review.Scores {
		out.Scores = append(out.Scores, apiScore{Criterion: codes[sc.CriterionID], Score: sc.Score, Justification: sc.Justification})
	}
	return out
}

// apiApplicationReviews: officers every review with names and the
// consolidation; an evaluator its own review only.
func (s *Server) apiApplicationReviews(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	ctx, st := c.Request.Context(), s.reviewStore()
	sc := requestScope(c)
	officer := sc.All()
	revs, err := st.ApplicationReviews(ctx, id, sc)
	if err != nil {
		s.respondError(c, err)
		return
	}
	g, co, err := st.ConsolidateApplication(ctx, id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	codes := criterionCodes(g)
	out := apiAppReviews{ApplicationID: id, Reviews: []apiReview{}}
	for _, r := range revs {
		out.Reviews = append(out.Reviews, toAPIReview(r, codes, officer))
	}
	if officer {
		out.Consolidation = &co
	}
	c.JSON(http.StatusOK, out)
}

// apiSaveReview saves the evaluator's scores on its assignment :id.
func (s *Server) apiSaveReview(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	var body apiReviewBody
	if !s.decodeJSON(c, &body) {
		return
	}
	in := review.ReviewInput{Comment: body.Comment, Submit: body.Submit}
	for _, sc := range body.Scores {
		v := ""
		if sc.Score != nil {
			v = strconv.Itoa(*sc.Score)
		}
		in.Scores = append(in.Scores, review.ScoreInput{Criterion: sc.Criterion, Score: v, Justification: sc.Justification})
	}
	ctx, st, u := c.Request.Context(), s.reviewStore(), currentUser(c)
	r, err := st.SaveReview(ctx, id, u.ID, in)
	if err != nil {
		s.respondError(c, err)
		return
	}
	revs, err := st.ApplicationReviews(ctx, r.ApplicationID, requestScope(c))
	if err == nil && len(revs) != 1 {
		err = fmt.Errorf("saved review %d not found", r.ID)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	sh, err := st.Sheet(ctx, id, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toAPIReview(revs[0], criterionCodes(sh.Grid), false))
}

// criterionCodes maps a grid's criterion ids to their codes.
func criterionCodes(g review.Grid) map[int64]string {
	codes := map[int64]string{}
	for _, sec := range g.Sections {
		for _, cr := range sec.Criteria {
			codes[cr.ID] = cr.Code
		}
	}
	return codes
}
