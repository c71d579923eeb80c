package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/payment"
)

// parseAmount reads a typed amount; the key names what is wrong with it.
func parseAmount(lang, typed string) (int64, string) {
	v, err := money.Parse(lang, typed)
	switch {
	case err == nil && v > 0:
		return v, ""
	case errors.Is(err, money.ErrSyntax), errors.Is(err, money.ErrGrouping):
		return 0, "payments.error.amount_syntax"
	case errors.Is(err, money.ErrDecimals):
		return 0, "payments.error.amount_decimals"
	case errors.Is(err, money.ErrNegative):
		return 0, "payments.error.amount_negative"
	case errors.Is(err, money.ErrTooLarge):
		return 0, "payments.error.above_left"
	}
	return 0, "payments.error.amount"
}

// requestFormData is the grantee's request form for one of its grants.
type requestFormData struct {
	G       payment.GrantView
	Tranche FieldView
	Due     bool // some tranche is due
	Key     string
	LeftMin int64
}

func (s *Server) newPaymentRequest(c *gin.Context) { s.showRequestForm(c, http.StatusOK, nil, nil) }

// showRequestForm renders the form; a fresh idempotency key is drawn on
// each first rendering and kept through re-renderings, so a double click
// or a resubmission of the same page creates one request.
func (s *Server) showRequestForm(c *gin.Context, status int, values map[string]string, err error) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	sc := requestScope(c)
	g, gerr := s.payments().Grant(c.Request.Context(), sc, id)
	if gerr != nil {
		s.respondError(c, gerr)
		return
	}
	if !sc.ActsForGrantee(g.OrgID) {
		s.respondError(c, apperr.New(apperr.Forbidden, "payments.error.grantee_only"))
		return
	}
	p := s.newPage(c, "payments.request.title")
	p.Step("grants.nav", "/grants")
	p.Step("grants.detail_title", "/grants/"+strconv.FormatInt(g.ID, 10))
	f := newForm(p, "tranche_id", "amount", "form")
	d := requestFormData{G: g, LeftMin: g.AmountMinor - g.PaidMinor}
	var first *grant.Tranche
	for i, t := range g.Tranches {
		if t.Status == grant.Due && first == nil {
			first = &g.Tranches[i]
		}
	}
	if first != nil {
		d.Due = true
		f.Values["tranche_id"] = strconv.FormatInt(first.ID, 10)
		f.Values["amount"] = hundredths(p.Lang, first.AmountMinor)
	}
	f.Values["idempotency_key"] = newKey()
	for k, v := range values {
		f.Values[k] = v
	}
	if err != nil {
		f.setError(err)
	}
	d.Key = f.Values["idempotency_key"]
	d.Tranche = f.Field("tranche_id", "select", "payments.field.tranche")
	for _, t := range g.Tranches {
		if t.Status != grant.Due {
			continue
		}
		v := strconv.FormatInt(t.ID, 10)
		d.Tranche.Options = append(d.Tranche.Options, OptionView{Value: v, Selected: f.Values["tranche_id"] == v,
			Label: p.T("payments.tranche_option", "n", t.Position, "kind", p.T("payments.kind."+string(t.Kind)),
				"amount", p.Money(t.AmountMinor, g.Currency))})
	}
	p.Data = d
	s.render(c, status, "payments/request", p)
}

func newKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) createPaymentRequest(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	values := map[string]string{"tranche_id": c.PostForm("tranche_id"), "amount": c.PostForm("amount"),
		"idempotency_key": c.PostForm("idempotency_key")}
	fe := apperr.FieldErrors{}
	amt, key := parseAmount(string(s.lang(c)), values["amount"])
	if key != "" {
		fe.Add("amount", key)
	}
	var tranche *int64
	if t, err := strconv.ParseInt(values["tranche_id"], 10, 64); err == nil && t > 0 {
		tranche = &t
	} else {
		fe.Add("tranche_id", "payments.error.tranche")
	}
	if err := fe.Err(); err != nil {
		s.showRequestForm(c, http.StatusUnprocessableEntity, values, err)
		return
	}
	sc := requestScope(c)
	g, err := s.payments().Grant(c.Request.Context(), sc, id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	r, _, err := s.payments().Request(c.Request.Context(), paymentActor(c), id, payment.NewRequest{TrancheID: tranche,
		AmountMinor: amt, Currency: g.Currency, IdempotencyKey: values["idempotency_key"]})
	if err != nil {
		e := apperr.As(err)
		if e.Code == apperr.Invalid || e.Code == apperr.Conflict {
			s.showRequestForm(c, statusOf(e.Code), values, renameField(err, "amount_minor", "amount"))
			return
		}
		s.respondError(c, err)
		return
	}
	s.setFlash(c, "payments.flash.requested")
	c.Redirect(http.StatusSeeOther, "/payments/"+strconv.FormatInt(r.ID, 10))
}
