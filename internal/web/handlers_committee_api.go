package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/review"
)

// apiAssignments lists the applications of a call's stage (?stage=, as the
// page) with their evaluators.
func (s *Server) apiAssignments(c *gin.Context) {
	pageNo, perPage, ok := paging(c)
	if !ok {
		s.problem(c, http.StatusBadRequest, "error.bad_paging", nil)
		return
	}
	cl, ok := s.committeeCall(c)
	if !ok {
		return
	}
	stage, ok := evalStage(cl, c.Query("stage"))
	if !ok {
		s.problem(c, http.StatusUnprocessableEntity, "error.invalid_input", map[string]string{"stage": "committee.error.stage"})
		return
	}
	apps, err := s.committeeStore().CallAssignments(c.Request.Context(), cl.ID, stage)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, slicePage(apps, pageNo, perPage))
}

// apiAutoBody is the body of an automatic assignment.
type apiAutoBody struct {
	Stage          string `json:"stage"`
	PreferLanguage bool   `json:"prefer_language"`
}

// apiAutoAssign runs the automatic assignment of a call's stage.
func (s *Server) apiAutoAssign(c *gin.Context) {
	cl, ok := s.committeeCall(c)
	if !ok {
		return
	}
	var in apiAutoBody
	if !s.decodeJSON(c, &in) {
		return
	}
	stage, ok := evalStage(cl, in.Stage)
	if !ok {
		s.problem(c, http.StatusUnprocessableEntity, "error.invalid_input", map[string]string{"stage": "committee.error.stage"})
		return
	}
	res, err := s.committeeStore().AutoAssign(c.Request.Context(), cl.ID, stage,
		review.AutoOptions{PreferLanguage: in.PreferLanguage, By: currentUser(c).ID})
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}
