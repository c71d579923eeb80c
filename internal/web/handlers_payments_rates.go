package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/payment"
)

// ratesData lists the monthly exchange rates and, for finance, the form
// that enters one.
type ratesData struct {
	Rates   []rateRow
	CanEdit bool
	From    FieldView
	To      FieldView
	CSV     string
	CSVErr  string // the refused import's message, with its line
}

type rateRow struct {
	payment.Rate
	Shown string
}

func (s *Server) ratesPage(c *gin.Context) { s.showRates(c, http.StatusOK, nil, nil, 0) }

// showRates renders the rates; line is the refused import's bad line.
func (s *Server) showRates(c *gin.Context, status int, values map[string]string, err error, line int) {
	list, lerr := s.payments().Rates(c.Request.Context())
	if lerr != nil {
		s.fail(c, lerr)
		return
	}
	p := s.newPage(c, "payments.rates.title")
	p.Step("payments.nav", "/payments")
	f := newForm(p, "from_currency", "to_currency", "month", "rate", "source")
	f.Values["from_currency"], f.Values["to_currency"] = payment.ReportCurrency, "ALL"
	f.Values["month"] = s.now().Format("2006-01")
	f.Values["source"] = "InforEuro"
	for k, v := range values {
		f.Values[k] = v
	}
	if err != nil {
		f.setError(err)
	}
	d := ratesData{CanEdit: p.Can("exchange_rate", "edit"), CSV: f.Values["csv"]}
	if key := f.Errors["csv"]; key != "" {
		d.CSVErr = p.T("payments.error.csv_line", "line", line, "error", p.T(key))
	}
	for _, r := range list {
		d.Rates = append(d.Rates, rateRow{Rate: r, Shown: payment.FormatRate(r.Micros)})
	}
	d.From = currencySelect(f, "from_currency", "payments.field.from")
	d.To = currencySelect(f, "to_currency", "payments.field.to")
	p.Data = d
	s.render(c, status, "payments/rates", p)
}

func currencySelect(f *Form, name, label string) FieldView {
	v := f.Field(name, "select", label)
	for _, cur := range money.Currencies() {
		v.Options = append(v.Options, OptionView{Value: cur, Label: cur, Selected: f.Values[name] == cur})
	}
	return v
}

func (s *Server) importRates(c *gin.Context) {
	text := c.PostForm("csv")
	_, err := s.payments().ImportRates(c.Request.Context(), paymentActor(c), text)
	var ie *payment.ImportError
	if errors.As(err, &ie) {
		s.showRates(c, http.StatusUnprocessableEntity, map[string]string{"csv": text}, apperr.Field("csv", ie.Key), ie.Line)
		return
	}
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.setFlash(c, "payments.flash.rates_imported")
	c.Redirect(http.StatusSeeOther, "/finance/rates")
}

func (s *Server) saveRate(c *gin.Context) {
	values := map[string]string{}
	for _, k := range []string{"from_currency", "to_currency", "month", "rate", "source"} {
		values[k] = c.PostForm(k)
	}
	_, err := s.payments().SetRate(c.Request.Context(), paymentActor(c), payment.RateInput{From: values["from_currency"],
		To: values["to_currency"], Month: values["month"], Rate: values["rate"], Source: values["source"]})
	if err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			s.showRates(c, http.StatusUnprocessableEntity, values, err, 0)
			return
		}
		s.respondError(c, err)
		return
	}
	s.setFlash(c, "payments.flash.rate_saved")
	c.Redirect(http.StatusSeeOther, "/finance/rates")
}
