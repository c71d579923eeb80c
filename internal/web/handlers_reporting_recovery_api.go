package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/reporting"
)

// apiRecoveries is GET /api/v1/recovery-orders (?status=open|recovered|waived).
func (s *Server) apiRecoveries(c *gin.Context) {
	status := c.Query("status")
	switch status {
	case "", reporting.RecoveryOpen, reporting.RecoveryRecovered, reporting.RecoveryWaived:
	default:
		s.problem(c, http.StatusBadRequest, "reporting.recovery.error.filter", nil)
		return
	}
	pageNo, perPage, ok := paging(c)
	if !ok {
		s.problem(c, http.StatusBadRequest, "reporting.recovery.error.filter", nil)
		return
	}
	list, err := s.reportStore().Recoveries(c.Request.Context(), requestScope(c), status)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, slicePage(list, pageNo, perPage))
}

// apiRecovery is GET /api/v1/recovery-orders/:id.
func (s *Server) apiRecovery(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	r, err := s.reportStore().Recovery(c.Request.Context(), requestScope(c), id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

// apiRecover is POST /api/v1/recovery-orders/:id/recover with
// {"recovered_on", "bank_reference", "amount_minor"}.
func (s *Server) apiRecover(c *gin.Context) {
	var in struct {
		RecoveredOn   string `json:"recovered_on"`
		BankReference string `json:"bank_reference"`
		AmountMinor   int64  `json:"amount_minor"`
	}
	s.apiRecoveryStep(c, &in, func(id int64) (reporting.Recovery, error) {
		return s.reportStore().Recover(c.Request.Context(), requestScope(c), id, reporting.Repayment{RecoveredOn: in.RecoveredOn,
			BankReference: in.BankReference, AmountMinor: in.AmountMinor}, currentUser(c).ID)
	})
}

// apiProposeWaiver is POST /api/v1/recovery-orders/:id/waiver with {"reason"}.
func (s *Server) apiProposeWaiver(c *gin.Context) {
	var in struct {
		Reason string `json:"reason"`
	}
	s.apiRecoveryStep(c, &in, func(id int64) (reporting.Recovery, error) {
		return s.reportStore().ProposeWaiver(c.Request.Context(), requestScope(c), id, in.Reason, currentUser(c).ID)
	})
}

// apiApproveWaiver is POST /api/v1/recovery-orders/:id/waiver/approve, by
// a user other than the proposer.
func (s *Server) apiApproveWaiver(c *gin.Context) {
	s.apiRecoveryStep(c, nil, func(id int64) (reporting.Recovery, error) {
		return s.reportStore().ApproveWaiver(c.Request.Context(), requestScope(c), id, currentUser(c).ID)
	})
}

// apiDeclineWaiver is POST /api/v1/recovery-orders/:id/waiver/decline with
// {"reason"}.
func (s *Server) apiDeclineWaiver(c *gin.Context) {
	var in struct {
		Reason string `json:"reason"`
	}
	s.apiRecoveryStep(c, &in, func(id int64) (reporting.Recovery, error) {
		return s.reportStore().DeclineWaiver(c.Request.Context(), requestScope(c), id, in.Reason, currentUser(c).ID)
	})
}

// apiRecoveryStep decodes the body into in (none when nil), runs fn on
// :id and answers the order as it then stands, or the problem.
func (s *Server) apiRecoveryStep(c *gin.Context, in any, fn func(id int64) (reporting.Recovery, error)) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	if in != nil && !s.decodeJSON(c, in) {
		return
	}
	r, err := fn(id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}
