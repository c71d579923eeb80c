package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/reporting"
)

// Recovery orders: what a grantee pays back after a final settlement
// below what it was paid. Finance records the repayment; a waiver, which
// gives money up, is proposed by one user and approved by another.

type recoveriesData struct {
	Rows   []reporting.Recovery
	Open   int
	Status string
	States []OptionView
}

// recoveriesPage is GET /recovery-orders: the orders the scope reaches,
// open first, filtered by state, with the count of open ones.
func (s *Server) recoveriesPage(c *gin.Context) {
	status := c.Query("state")
	if status != reporting.RecoveryOpen && status != reporting.RecoveryRecovered && status != reporting.RecoveryWaived {
		status = ""
	}
	all, err := s.reportStore().Recoveries(c.Request.Context(), requestScope(c), "")
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "reporting.recovery.list_title")
	d := recoveriesData{Status: status}
	for _, r := range all {
		if r.Status == reporting.RecoveryOpen {
			d.Open++
		}
		if status == "" || r.Status == status {
			d.Rows = append(d.Rows, r)
		}
	}
	d.States = append(d.States, OptionView{Value: "", Label: p.T("reporting.recovery.all"), Selected: status == ""})
	for _, st := range []string{reporting.RecoveryOpen, reporting.RecoveryRecovered, reporting.RecoveryWaived} {
		d.States = append(d.States, OptionView{Value: st, Label: p.T("reporting.recovery.status." + st), Selected: st == status})
	}
	p.Data = d
	s.render(c, http.StatusOK, "reporting/recoveries", p)
}

type recoveryData struct {
	R                                  reporting.Recovery
	CanRecover, CanPropose, CanApprove bool
	CanDecline                         bool // refuse the proposed waiver (or, for its proposer, withdraw it)
	OwnProposal                        bool // the reader proposed the waiver: another user approves it
	Staff                              bool
}

func (s *Server) recoveryPage(c *gin.Context) { s.showRecovery(c, http.StatusOK, nil) }

// showRecovery renders order :id; a refused form comes back with err (its
// field errors beside the fields) and what was typed.
func (s *Server) showRecovery(c *gin.Context, status int, err error, typed ...string) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	sc := requestScope(c)
	r, lerr := s.reportStore().Recovery(c.Request.Context(), sc, id)
	if lerr != nil {
		s.respondError(c, lerr)
		return
	}
	p := s.newPage(c, "reporting.recovery.title")
	p.Step("reporting.recovery.nav", "/recovery-orders")
	f := newForm(p, "recovered_on", "bank_reference", "amount", "waiver_reason", "decline_reason", "user", "form")
	f.Values["recovered_on"] = s.now().Format("2006-01-02")
	f.Values["amount"] = hundredths(p.Lang, r.AmountMinor)
	for i := 0; i+1 < len(typed); i += 2 {
		f.Values[typed[i]] = typed[i+1]
	}
	if err != nil {
		f.setError(err)
	}
	open := r.Status == reporting.RecoveryOpen
	d := recoveryData{R: r, Staff: sc.All()}
	if sc.All() && open {
		d.CanRecover = p.Can("recovery_order", "recover")
		d.CanPropose = !r.WaiverProposed() && p.Can("recovery_order", "waive")
		d.OwnProposal = r.WaiverProposed() && samePtrID(r.WaiverProposedBy, currentUser(c).ID)
		d.CanApprove = r.WaiverProposed() && !d.OwnProposal && p.Can("recovery_order", "waive")
		d.CanDecline = r.WaiverProposed() && p.Can("recovery_order", "waive")
	}
	p.Title = p.T("reporting.recovery.title_n", "number", r.ContractNumber)
	p.Data = d
	s.render(c, status, "reporting/recovery", p)
}

func samePtrID(p *int64, id int64) bool { return p != nil && *p == id }

// recoveryAmount reads a typed amount in the page's language; the key
// names what is wrong with it.
func recoveryAmount(lang, typed string) (int64, string) {
	v, err := money.Parse(lang, typed)
	switch {
	case err == nil && v > 0:
		return v, ""
	case errors.Is(err, money.ErrDecimals):
		return 0, "reporting.recovery.error.amount_decimals"
	}
	return 0, "reporting.recovery.error.amount"
}

// recoverOrder is POST /recovery-orders/:id/recover.
func (s *Server) recoverOrder(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	on, ref, typed := postValue(c, "recovered_on"), postValue(c, "bank_reference"), postValue(c, "amount")
	back := []string{"recovered_on", on, "bank_reference", ref, "amount", typed}
	amt, key := recoveryAmount(string(s.lang(c)), typed)
	if key != "" {
		s.showRecovery(c, http.StatusUnprocessableEntity, apperr.Field("amount", key), back...)
		return
	}
	s.recoveryStep(c, "reporting.recovery.flash.recovered", back, func(id int64) error {
		_, err := s.reportStore().Recover(c.Request.Context(), requestScope(c), id,
			reporting.Repayment{RecoveredOn: on, BankReference: ref, AmountMinor: amt}, currentUser(c).ID)
		return err
	})
}

// proposeWaiver is POST /recovery-orders/:id/waiver.
func (s *Server) proposeWaiver(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	reason := postValue(c, "waiver_reason")
	s.recoveryStep(c, "reporting.recovery.flash.proposed", []string{"waiver_reason", reason}, func(id int64) error {
		_, err := s.reportStore().ProposeWaiver(c.Request.Context(), requestScope(c), id, reason, currentUser(c).ID)
		return err
	})
}

// approveWaiver is POST /recovery-orders/:id/waiver/approve.
func (s *Server) approveWaiver(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	s.recoveryStep(c, "reporting.recovery.flash.waived", nil, func(id int64) error {
		_, err := s.reportStore().ApproveWaiver(c.Request.Context(), requestScope(c), id, currentUser(c).ID)
		return err
	})
}

// declineWaiver is POST /recovery-orders/:id/waiver/decline.
func (s *Server) declineWaiver(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	reason := postValue(c, "decline_reason")
	s.recoveryStep(c, "reporting.recovery.flash.declined", []string{"decline_reason", reason}, func(id int64) error {
		_, err := s.reportStore().DeclineWaiver(c.Request.Context(), requestScope(c), id, reason, currentUser(c).ID)
		return err
	})
}

// recoveryStep runs fn on :id and redirects to the order with a flash; a
// refusal shows the order again with its message (422 or 409; 403 for the
// second pair of eyes) and what was typed.
func (s *Server) recoveryStep(c *gin.Context, flash string, typed []string, fn func(id int64) error) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	if err := fn(id); err != nil {
		switch apperr.CodeOf(err) {
		case apperr.Invalid, apperr.Conflict, apperr.Forbidden:
			s.showRecovery(c, statusOf(apperr.CodeOf(err)), err, typed...)
		default:
			s.respondError(c, err)
		}
		return
	}
	s.setFlash(c, flash)
	c.Redirect(http.StatusSeeOther, "/recovery-orders/"+strconv.FormatInt(id, 10))
}
