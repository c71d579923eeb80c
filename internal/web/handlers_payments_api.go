package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/payment"
)

// payments is the payment store on the server's database and clock.

// paymentActor is the request's user and scope, as the payment workflow needs them.
func paymentActor(c *gin.Context) payment.Actor {
	a := payment.Actor{Scope: requestScope(c)}
	if u := currentUser(c); u != nil {
		a.UserID = u.ID
	}
	return a
}

type apiPayment struct {
	ID            int64  `json:"id"`
	PaidOn        string `json:"paid_on"`
	BankReference string `json:"bank_reference"`
	AmountMinor   int64  `json:"amount_minor"`
	Currency      string `json:"currency"`
	RateFrom      string `json:"rate_from"`
	RateTo        string `json:"rate_to"`
	Rate          string `json:"rate"`
	ReportMinor   int64  `json:"report_amount_minor"`
	ReportCur     string `json:"report_currency"`
}

type apiPaymentRequest struct {
	ID             int64       `json:"id"`
	GrantID        int64       `json:"grant_id"`
	ContractNumber string      `json:"contract_number"`
	TrancheID      *int64      `json:"tranche_id"`
	AmountMinor    int64       `json:"amount_minor"`
	Currency       string      `json:"currency"`
	Status         string      `json:"status"`
	RequestedAt    time.Time   `json:"requested_at"`
	VerifiedAt     *time.Time  `json:"verified_at"`
	ApprovedAt     *time.Time  `json:"approved_at"`
	DecidedAt      *time.Time  `json:"decided_at"`
	Reason         string      `json:"reason,omitempty"`
	Payment        *apiPayment `json:"payment,omitempty"`
}

func toAPIPaymentRequest(r payment.Request, p *payment.Payment) apiPaymentRequest {
	out := apiPaymentRequest{ID: r.ID, GrantID: r.GrantID, ContractNumber: r.ContractNumber, TrancheID: r.TrancheID,
		AmountMinor: r.AmountMinor, Currency: r.Currency, Status: string(r.Status), RequestedAt: r.RequestedAt,
		VerifiedAt: r.VerifiedAt, ApprovedAt: r.ApprovedAt, DecidedAt: r.DecidedAt, Reason: r.Reason}
	if p != nil {
		out.Payment = &apiPayment{ID: p.ID, PaidOn: p.PaidOn, BankReference: p.BankReference, AmountMinor: p.AmountMinor,
			Currency: p.Currency, RateFrom: p.RateFrom, RateTo: p.RateTo, Rate: payment.FormatRate(p.RateMicros),
			ReportMinor: p.ReportMinor, ReportCur: p.RateCurrency}
	}
	return out
}

// answerRequest writes request r with its ledger row when paid.
func (s *Server) answerRequest(c *gin.Context, status int, r payment.Request) {
	var p *payment.Payment
	if r.Status == payment.Paid {
		if row, err := s.payments().PaymentOf(c.Request.Context(), requestScope(c), r.ID); err == nil {
			p = &row
		}
	}
	c.JSON(status, toAPIPaymentRequest(r, p))
}

func (s *Server) apiCreatePaymentRequest(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	var body struct {
		AmountMinor int64  `json:"amount_minor"`
		Currency    string `json:"currency"`
		TrancheID   *int64 `json:"tranche_id"`
	}
	if !s.decodeJSON(c, &body) {
		return
	}
	r, created, err := s.payments().Request(c.Request.Context(), paymentActor(c), id, payment.NewRequest{
		TrancheID: body.TrancheID, AmountMinor: body.AmountMinor, Currency: body.Currency,
		IdempotencyKey: c.GetHeader("Idempotency-Key")})
	if err != nil {
		s.respondError(c, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		c.Header("Location", "/api/v1/payment-requests/"+strconv.FormatInt(r.ID, 10))
	}
	s.answerRequest(c, status, r)
}

func (s *Server) apiPaymentRequests(c *gin.Context) {
	pageNo, perPage, ok := paging(c)
	if !ok {
		s.problem(c, http.StatusBadRequest, "error.bad_paging", nil)
		return
	}
	f := payment.Filter{Status: payment.Status(c.Query("status"))}
	if f.Status != "" && !f.Status.Valid() {
		s.problem(c, http.StatusBadRequest, "payments.error.filter", map[string]string{"status": "payments.error.filter"})
		return
	}
	if g := c.Query("grant_id"); g != "" {
		n, err := strconv.ParseInt(g, 10, 64)
		if err != nil || n <= 0 {
			s.problem(c, http.StatusBadRequest, "payments.error.filter", map[string]string{"grant_id": "payments.error.filter"})
			return
		}
		f.GrantID = n
	}
	list, err := s.payments().List(c.Request.Context(), requestScope(c), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	all := make([]apiPaymentRequest, 0, len(list))
	for _, r := range list {
		all = append(all, toAPIPaymentRequest(r, nil))
	}
	c.JSON(http.StatusOK, slicePage(all, pageNo, perPage))
}

func (s *Server) apiPaymentRequest(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	r, err := s.payments().Get(c.Request.Context(), requestScope(c), id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.answerRequest(c, http.StatusOK, r)
}

// apiStep runs one workflow step on the request of the path.
func (s *Server) apiStep(c *gin.Context, step func(a payment.Actor, id int64) (payment.Request, error)) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	r, err := step(paymentActor(c), id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.answerRequest(c, http.StatusOK, r)
}

func (s *Server) apiVerifyPayment(c *gin.Context) {
	s.apiStep(c, func(a payment.Actor, id int64) (payment.Request, error) {
		return s.payments().Verify(c.Request.Context(), a, id)
	})
}

func (s *Server) apiApprovePayment(c *gin.Context) {
	s.apiStep(c, func(a payment.Actor, id int64) (payment.Request, error) {
		return s.payments().Approve(c.Request.Context(), a, id)
	})
}

func (s *Server) apiPayPayment(c *gin.Context) {
	var body struct {
		PaidOn        string `json:"paid_on"`
		BankReference string `json:"bank_reference"`
		AmountMinor   int64  `json:"amount_minor"`
	}
	if !s.decodeJSON(c, &body) {
		return
	}
	s.apiStep(c, func(a payment.Actor, id int64) (payment.Request, error) {
		return s.payments().Pay(c.Request.Context(), a, id, payment.PayInput{PaidOn: body.PaidOn,
			BankReference: body.BankReference, AmountMinor: body.AmountMinor})
	})
}

type apiReason struct {
	Reason string `json:"reason"`
}

func (s *Server) apiRejectPayment(c *gin.Context) {
	var body apiReason
	if !s.decodeJSON(c, &body) {
		return
	}
	s.apiStep(c, func(a payment.Actor, id int64) (payment.Request, error) {
		return s.payments().Reject(c.Request.Context(), a, id, body.Reason)
	})
}

func (s *Server) apiRequestChanges(c *gin.Context) {
	var body apiReason
	if !s.decodeJSON(c, &body) {
		return
	}
	s.apiStep(c, func(a payment.Actor, id int64) (payment.Request, error) {
		return s.payments().RequestChanges(c.Request.Context(), a, id, body.Reason)
	})
}

type apiRate struct {
	From   string `json:"from_currency"`
	To     string `json:"to_currency"`
	Month  string `json:"month"`
	Rate   string `json:"rate"`
	Source string `json:"source"`
}

func toAPIRate(r payment.Rate) apiRate {
	return apiRate{From: r.From, To: r.To, Month: r.Month, Rate: payment.FormatRate(r.Micros), Source: r.Source}
}

func (s *Server) apiRates(c *gin.Context) {
	pageNo, perPage, ok := paging(c)
	if !ok {
		s.problem(c, http.StatusBadRequest, "error.bad_paging", nil)
		return
	}
	list, err := s.payments().Rates(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	all := make([]apiRate, 0, len(list))
	for _, r := range list {
		all = append(all, toAPIRate(r))
	}
	c.JSON(http.StatusOK, slicePage(all, pageNo, perPage))
}

func (s *Server) apiSetRate(c *gin.Context) {
	var body apiRate
	if !s.decodeJSON(c, &body) {
		return
	}
	r, err := s.payments().SetRate(c.Request.Context(), paymentActor(c), payment.RateInput{From: body.From, To: body.To,
		Month: body.Month, Rate: body.Rate, Source: body.Source})
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, toAPIRate(r))
}
