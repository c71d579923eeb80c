package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
)

// applyToCall creates a draft for the chosen lot of an open call and opens
// the editor; a refusal shows the call page again with the reason.
func (s *Server) applyToCall(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	cl, ok := s.visibleCall(c)
	if !ok {
		return
	}
	st, sc := s.applicationStore(), requestScope(c)
	lotID, err := strconv.ParseInt(postValue(c, "lot_id"), 10, 64)
	if err != nil || lotID <= 0 {
		s.renderCallPage(c, http.StatusUnprocessableEntity, cl, "", apperr.Field("lot_id", "applications.error.lot"))
		return
	}
	orgID, err := s.applicantOrg(c, nil)
	var a application.Application
	if err == nil {
		a, err = st.Create(c.Request.Context(), sc, application.NewDraft{CallID: cl.ID, LotID: lotID, OrgID: orgID,
			Stage: application.Stage(postValue(c, "stage")), UserID: currentUser(c).ID})
	}
	switch {
	case err == nil:
		s.setFlash(c, "apppages.flash.created")
		c.Redirect(http.StatusSeeOther, appPath(a.ID, "/edit/summary"))
	case apperr.Is(err, apperr.Invalid), apperr.Is(err, apperr.Conflict), apperr.Is(err, apperr.Forbidden):
		status := statusOf(apperr.CodeOf(err))
		if status == http.StatusForbidden {
			status = http.StatusUnprocessableEntity
		}
		s.renderCallPage(c, status, cl, "", err)
	default:
		s.respondError(c, err)
	}
}
