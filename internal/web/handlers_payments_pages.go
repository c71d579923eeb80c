package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/payment"
)

// paymentQueueData is the finance queue: counts by state, the requests of
// the chosen state (those waiting, by default) oldest first, and paid
// against committed per programme.
type paymentQueueData struct {
	Counts   []paymentCount
	Status   string
	Items    []paymentRow
	Totals   []payment.ProgrammeTotal
	ShowSums bool
}

type paymentCount struct {
	Status  string
	N       int
	Href    string
	Current bool
}

type paymentRow struct {
	payment.Request
	AgeDays int
	Next    string // catalogue key of the next action, "" when none
}

func (s *Server) paymentQueue(c *gin.Context) {
	ctx, sc := c.Request.Context(), requestScope(c)
	st := c.Query("status")
	f := payment.Filter{Status: payment.Status(st), Open: st == ""}
	if st != "" && !f.Status.Valid() {
		s.renderStatusPage(c, http.StatusBadRequest, titleFor(http.StatusBadRequest), "payments.error.filter")
		return
	}
	list, err := s.payments().List(ctx, sc, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	counts, err := s.payments().Counts(ctx, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "payments.queue.title")
	d := paymentQueueData{Status: st, ShowSums: sc.All() || principalOf(c).Role == access.DonorOfficer}
	d.Counts = append(d.Counts, paymentCount{Status: "open", N: counts[payment.Requested] + counts[payment.Verified] +
		counts[payment.Approved], Href: "/payments", Current: st == ""})
	for _, x := range payment.Statuses() {
		d.Counts = append(d.Counts, paymentCount{Status: string(x), N: counts[x], Href: "/payments?status=" + string(x), Current: st == string(x)})
	}
	now := s.now()
	for _, r := range list {
		d.Items = append(d.Items, paymentRow{Request: r, AgeDays: int(now.Sub(r.RequestedAt) / (24 * time.Hour)), Next: nextAction(p, r, currentUserID(c))})
	}
	if d.ShowSums {
		if d.Totals, err = s.payments().ProgrammeTotals(ctx, sc); err != nil {
			s.fail(c, err)
			return
		}
	}
	p.Data = d
	s.render(c, http.StatusOK, "payments/queue", p)
}

// nextAction is what the user can do next with r, by role and four eyes.
func nextAction(p *Page, r payment.Request, uid int64) string {
	switch {
	case r.Status == payment.Requested && p.Can("payment_request", "verify"):
		return "payments.action.verify"
	case r.Status == payment.Verified && p.Can("payment_request", "approve") && !samePtr(r.VerifiedBy, uid):
		return "payments.action.approve"
	case r.Status == payment.Approved && p.Can("payment_request", "pay"):
		return "payments.action.pay"
	}
	return ""
}

func samePtr(p *int64, id int64) bool { return p != nil && *p == id }

func currentUserID(c *gin.Context) int64 {
	if u := currentUser(c); u != nil {
		return u.ID
	}
	return 0
}

// paymentPageData is one request with what applies to it.
type paymentPageData struct {
	R         payment.Request
	Payment   *payment.Payment
	IBAN      string // whole for staff, masked but the last four for others
	CanVerify bool
	CanApprove,
	CanPay,
	CanRefuse bool
	FourEyes bool // verified by this user: it may not approve
	Again    bool // the grantee may request the tranche anew
	Action   string
}

func (s *Server) paymentPage(c *gin.Context) { s.showPayment(c, http.StatusOK, nil, "") }

// showPayment renders request :id; a refused action comes back with its
// form's values and errors (action names the form).
func (s *Server) showPayment(c *gin.Context, status int, form map[string]string, action string) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	ctx, sc := c.Request.Context(), requestScope(c)
	r, err := s.payments().Get(ctx, sc, id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	p := s.newPage(c, "payments.page.title")
	p.Step("payments.nav", "/payments")
	f := newForm(p, "paid_on", "bank_reference", "amount", "decision", "reason")
	f.Values["paid_on"] = s.now().Format("2006-01-02")
	f.Values["amount"] = hundredths(p.Lang, r.AmountMinor)
	f.Values["decision"] = "changes"
	for k, v := range form {
		f.Values[k] = v
	}
	if e, ok := c.Get(paymentErrKey); ok {
		f.setError(e.(*apperr.Error))
	}
	uid := currentUserID(c)
	d := paymentPageData{R: r, IBAN: maskIBAN(r.IBAN), Action: action}
	d.Again = sc.ActsForGrantee(r.OrgID) && (r.Status == payment.ChangesRequested || r.Status == payment.Rejected) &&
		p.Can("payment_request", "create")
	if sc.All() {
		d.IBAN = r.IBAN
		d.CanVerify = r.Status == payment.Requested && p.Can("payment_request", "verify")
		d.FourEyes = samePtr(r.VerifiedBy, uid)
		d.CanApprove = r.Status == payment.Verified && p.Can("payment_request", "approve") && !d.FourEyes
		d.CanPay = r.Status == payment.Approved && p.Can("payment_request", "pay")
		d.CanRefuse = r.Status.Open() && p.Can("payment_request", "reject")
	}
	if r.Status == payment.Paid {
		if row, err := s.payments().PaymentOf(ctx, sc, r.ID); err == nil {
			d.Payment = &row
		}
	}
	p.Data = d
	s.render(c, status, "payments/show", p)
}

// maskIBAN shows the last four characters only.
func maskIBAN(iban string) string {
	if len(iban) <= 4 {
		return iban
	}
	out := make([]byte, 0, len(iban))
	for i := range len(iban) - 4 {
		if i > 0 && i%4 == 0 {
			out = append(out, ' ')
		}
		out = append(out, '*')
	}
	return string(append(append(out, ' '), iban[len(iban)-4:]...))
}

// afterStep redirects with a flash to the queue, where the next request
// waits (each step of a request is done by another person: the four eyes),
// or shows the refusal on the request.
func (s *Server) afterStep(c *gin.Context, err error, flash, action string, form map[string]string) {
	if err == nil {
		s.setFlash(c, flash)
		c.Redirect(http.StatusSeeOther, "/payments")
		return
	}
	e := apperr.As(err)
	switch e.Code {
	case apperr.Invalid, apperr.Conflict, apperr.Forbidden:
		c.Set(paymentErrKey, e)
		s.showPayment(c, statusOf(e.Code), form, action)
	default:
		s.respondError(c, err)
	}
}

const paymentErrKey = "payment_error"

func (s *Server) verifyPayment(c *gin.Context) {
	id, _ := idParam(c, "id")
	_, err := s.payments().Verify(c.Request.Context(), paymentActor(c), id)
	s.afterStep(c, err, "payments.flash.verified", "verify", nil)
}

func (s *Server) approvePayment(c *gin.Context) {
	id, _ := idParam(c, "id")
	_, err := s.payments().Approve(c.Request.Context(), paymentActor(c), id)
	s.afterStep(c, err, "payments.flash.approved", "approve", nil)
}

func (s *Server) payPayment(c *gin.Context) {
	id, _ := idParam(c, "id")
	form := map[string]string{"paid_on": c.PostForm("paid_on"), "bank_reference": c.PostForm("bank_reference"), "amount": c.PostForm("amount")}
	amt, key := parseAmount(string(s.lang(c)), form["amount"])
	if key != "" {
		s.afterStep(c, apperr.Field("amount", key), "", "pay", form)
		return
	}
	_, err := s.payments().Pay(c.Request.Context(), paymentActor(c), id, payment.PayInput{PaidOn: form["paid_on"],
		BankReference: form["bank_reference"], AmountMinor: amt})
	s.afterStep(c, renameField(err, "amount_minor", "amount"), "payments.flash.paid", "pay", form)
}

func (s *Server) refusePayment(c *gin.Context) {
	id, _ := idParam(c, "id")
	form := map[string]string{"decision": c.PostForm("decision"), "reason": c.PostForm("reason")}
	var err error
	switch form["decision"] {
	case "reject":
		_, err = s.payments().Reject(c.Request.Context(), paymentActor(c), id, form["reason"])
	case "changes":
		_, err = s.payments().RequestChanges(c.Request.Context(), paymentActor(c), id, form["reason"])
	default:
		err = apperr.Field("decision", "payments.error.decision")
	}
	s.afterStep(c, err, "payments.flash.refused", "refuse", form)
}

// renameField moves a domain field error to the page's field name.
func renameField(err error, from, to string) error {
	if err == nil {
		return nil
	}
	e := apperr.As(err)
	if k, ok := e.Fields[from]; ok {
		cp := *e
		cp.Fields = map[string]string{to: k}
		for f, v := range e.Fields {
			if f != from {
				cp.Fields[f] = v
			}
		}
		return &cp
	}
	return err
}
