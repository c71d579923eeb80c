package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/review"
)

// apiCallPage reads the paging of a list and the call of :id; it answers
// 400 or 404 itself and reports false when either is wrong.
func (s *Server) apiCallPage(c *gin.Context) (cl call.Call, pageNo, perPage int, ok bool) {
	if pageNo, perPage, ok = paging(c); !ok {
		s.problem(c, http.StatusBadRequest, "error.bad_paging", nil)
		return cl, 0, 0, false
	}
	cl, ok = s.scopedCall(c)
	return cl, pageNo, perPage, ok
}

// apiStage reads a call's stage (evalStage); a wrong one is a 422 field error.
func (s *Server) apiStage(c *gin.Context, cl call.Call, given string) (string, bool) {
	stage, ok := evalStage(cl, given)
	if !ok {
		s.problem(c, http.StatusUnprocessableEntity, "error.invalid_input", map[string]string{"stage": "committee.error.stage"})
	}
	return stage, ok
}

// apiCommittee lists a call's committee.
func (s *Server) apiCommittee(c *gin.Context) {
	cl, pageNo, perPage, ok := s.apiCallPage(c)
	if !ok {
		return
	}
	ms, err := s.reviewStore().Members(c.Request.Context(), cl.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, slicePage(ms, pageNo, perPage))
}

// apiAssignments lists the applications of a call's stage (?stage=, as the
// page) with their evaluators.
func (s *Server) apiAssignments(c *gin.Context) {
	cl, pageNo, perPage, ok := s.apiCallPage(c)
	if !ok {
		return
	}
	stage, ok := s.apiStage(c, cl, c.Query("stage"))
	if !ok {
		return
	}
	apps, err := s.reviewStore().CallAssignments(c.Request.Context(), cl.ID, stage)
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
	cl, ok := s.scopedCall(c)
	if !ok {
		return
	}
	var in apiAutoBody
	if !s.decodeJSON(c, &in) {
		return
	}
	stage, ok := s.apiStage(c, cl, in.Stage)
	if !ok {
		return
	}
	res, err := s.reviewStore().AutoAssign(c.Request.Context(), cl.ID, stage,
		review.AutoOptions{PreferLanguage: in.PreferLanguage, By: currentUser(c).ID})
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}
