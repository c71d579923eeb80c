package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/application"
)

// apiScreening is the check of an application: every point with its
// result and suggestion for officers, the decision alone for the applicant.
type apiScreening struct {
	ApplicationID int64                 `json:"application_id"`
	Status        string                `json:"status"`
	Points        []apiScreeningPoint   `json:"points,omitempty"`
	Decision      *application.Decision `json:"decision"`
}

type apiScreeningPoint struct {
	Code       string         `json:"code"`
	Label      string         `json:"label"`
	Result     string         `json:"result"`
	Reason     string         `json:"reason"`
	RecordedAt *time.Time     `json:"recorded_at"`
	Suggested  *apiSuggestion `json:"suggested"`
}

type apiSuggestion struct {
	Result  string   `json:"result"`
	Reasons []string `json:"reasons"`
}

func (s *Server) apiGetScreening(c *gin.Context) {
	st, sc, id, ok := s.appRequest(c, true)
	if !ok {
		return
	}
	scr, err := st.Screening(c.Request.Context(), id, sc)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, s.toAPIScreening(c, scr))
}

func (s *Server) toAPIScreening(c *gin.Context, scr application.Screening) apiScreening {
	lang := s.lang(c)
	out := apiScreening{ApplicationID: scr.ApplicationID, Status: string(scr.Status), Decision: scr.Decision}
	for _, v := range s.pointViews(lang, scr.Points) {
		p := apiScreeningPoint{Code: v.Code, Label: v.Label.Text, Result: v.Stored.Result, Reason: v.Stored.Reason, RecordedAt: v.Stored.RecordedAt}
		if v.Stored.Suggested != nil {
			p.Suggested = &apiSuggestion{Result: v.Stored.Suggested.Result, Reasons: v.Why}
		}
		out.Points = append(out.Points, p)
	}
	return out
}

func (s *Server) apiPutScreening(c *gin.Context) {
	var in struct {
		Points []application.PointInput `json:"points"`
	}
	if !s.decodeJSON(c, &in) {
		return
	}
	st, sc, id, ok := s.appRequest(c, true)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	if err := st.RecordPoints(ctx, id, sc, currentUser(c).ID, in.Points); err != nil {
		s.respondError(c, err)
		return
	}
	s.apiGetScreening(c)
}

func (s *Server) apiDecide(c *gin.Context) {
	var in struct {
		Eligible *bool `json:"eligible"`
	}
	if !s.decodeJSON(c, &in) {
		return
	}
	if in.Eligible == nil {
		s.problem(c, http.StatusUnprocessableEntity, "error.invalid_input", map[string]string{"eligible": "screening.error.required"})
		return
	}
	st, sc, id, ok := s.appRequest(c, true)
	if !ok {
		return
	}
	if err := st.Decide(c.Request.Context(), id, sc, currentUser(c).ID, *in.Eligible); err != nil {
		s.respondError(c, err)
		return
	}
	s.apiGetScreening(c)
}

func (s *Server) apiInfoRequests(c *gin.Context) {
	st, sc, id, ok := s.appRequest(c, true)
	if !ok {
		return
	}
	rs, err := st.InfoRequests(c.Request.Context(), id, sc)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": rs})
}

func (s *Server) apiAsk(c *gin.Context) {
	var in struct {
		Questions []application.Question `json:"questions"`
		DueAt     *time.Time             `json:"due_at"`
	}
	if !s.decodeJSON(c, &in) {
		return
	}
	st, sc, id, ok := s.appRequest(c, true)
	if !ok {
		return
	}
	r, err := st.Ask(c.Request.Context(), id, sc, currentUser(c).ID, in.Questions, in.DueAt)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusCreated, r)
}

func (s *Server) apiAnswer(c *gin.Context) {
	var in struct {
		Answers []application.Answer `json:"answers"`
	}
	if !s.decodeJSON(c, &in) {
		return
	}
	st, sc, id, ok := s.appRequest(c, true)
	if !ok {
		return
	}
	r, err := st.SendAnswers(c.Request.Context(), id, sc, currentUser(c).ID, in.Answers)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}
