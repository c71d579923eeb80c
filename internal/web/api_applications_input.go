package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
)

// apiApplicationInput is the body of PUT /api/v1/applications/{id}: the
// whole draft, every field present (a missing one would blank it). Money
// is {amount_minor, currency} as in responses and quantities are decimal
// strings with a dot ("12.50"), whatever the token user's language: the
// same body means the same amounts for every user.
type apiApplicationInput struct {
	Title               string                    `json:"title"`
	Summary             string                    `json:"summary"`
	DurationMonths      int                       `json:"duration_months"`
	StartMonth          string                    `json:"start_month"`
	TargetGroups        []application.TargetGroup `json:"target_groups"`
	Municipalities      []string                  `json:"municipalities"`
	Logframe            application.Logframe      `json:"logframe"`
	Activities          []application.Activity    `json:"activities"`
	Budget              []apiBudgetLineInput      `json:"budget"`
	Partners            []apiPartnerInput         `json:"partners"`
	DeclarationAccepted bool                      `json:"declaration_accepted"`
}

// apiApplicationFields are the keys a PUT body must carry.
var apiApplicationFields = []string{"title", "summary", "duration_months", "start_month", "target_groups",
	"municipalities", "logframe", "activities", "budget", "partners", "declaration_accepted"}

// apiBudgetLineInput is a budget line of a request. The amounts stay raw
// until read, so that an amount in the old shape (a string typed in the
// user's language) gets an error naming the field to use.
type apiBudgetLineInput struct {
	Heading     string          `json:"heading"`
	Description string          `json:"description"`
	Unit        string          `json:"unit"`
	Units       string          `json:"units"`
	UnitRate    json.RawMessage `json:"unit_rate"`
	Requested   json.RawMessage `json:"requested"`   // null or absent: the rest of the line
	Cofinancing json.RawMessage `json:"cofinancing"` // null or absent: the rest of the line
}

type apiPartnerInput struct {
	OrgID *int64          `json:"organisation_id"`
	Name  string          `json:"name"`
	Role  string          `json:"role"`
	Share json.RawMessage `json:"share"` // null or absent: none
}

// Catalogue keys of the request-shape errors.
const (
	keyMoneyShape = "hardening.error.money_shape"
	keyMoneyInt   = "hardening.error.amount_minor"
	keyCurrency   = "hardening.error.currency"
	keyQuantity   = "hardening.error.quantity"
	keyMissing    = "hardening.error.field_missing"
)

// quantityPattern is a locale-neutral quantity: digits, then at most two
// decimals after a dot; no grouping.
var quantityPattern = regexp.MustCompile(`^[0-9]{1,15}(\.[0-9]{1,2})?$`)

// toForm turns the request into the form the domain parses, with every
// amount written in one fixed notation ("1234.50", read as English), and
// returns the shape errors: an amount that is not {amount_minor,
// currency}, a currency other than the application's, a quantity that is
// not a plain decimal.
func (in apiApplicationInput) toForm(currency string) (application.Form, apperr.FieldErrors) {
	fe := apperr.FieldErrors{}
	f := application.Form{Title: in.Title, Summary: in.Summary, DurationMonths: in.DurationMonths, StartMonth: in.StartMonth,
		TargetGroups: in.TargetGroups, Municipalities: in.Municipalities, Logframe: in.Logframe, Activities: in.Activities,
		DeclarationAccepted: in.DeclarationAccepted}
	for i, l := range in.Budget {
		p := fmt.Sprintf("budget[%d].", i)
		lf := application.LineForm{Heading: l.Heading, Description: l.Description, Unit: l.Unit, Units: l.Units}
		if !quantityPattern.MatchString(l.Units) {
			fe.Add(p+"units", keyQuantity)
		}
		lf.UnitRate = moneyField(fe, p+"unit_rate", l.UnitRate, currency, true)
		lf.Requested = moneyField(fe, p+"requested", l.Requested, currency, false)
		lf.Cofinancing = moneyField(fe, p+"cofinancing", l.Cofinancing, currency, false)
		f.Budget = append(f.Budget, lf)
	}
	for i, pt := range in.Partners {
		share := moneyField(fe, fmt.Sprintf("partners[%d].share", i), pt.Share, currency, false)
		f.Partners = append(f.Partners, application.PartnerForm{OrgID: pt.OrgID, Name: pt.Name, Role: pt.Role, Share: share})
	}
	return f, fe
}

// moneyField reads {amount_minor, currency} into the fixed notation; an
// absent or null optional amount is "". An amount in another shape is an
// error on the field whose message names the members to send; a wrong
// currency is an error on field.currency.
func moneyField(fe apperr.FieldErrors, field string, raw json.RawMessage, currency string, required bool) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		if required {
			fe.Add(field, keyMissing)
		}
		return ""
	}
	if raw[0] != '{' {
		fe.Add(field, keyMoneyShape)
		return ""
	}
	var m struct {
		Minor    *json.Number `json:"amount_minor"`
		Currency *string      `json:"currency"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		fe.Add(field, keyMoneyShape)
		return ""
	}
	if m.Currency == nil || *m.Currency != currency {
		fe.Add(field+".currency", keyCurrency)
	}
	if m.Minor == nil {
		fe.Add(field, keyMoneyShape)
		return ""
	}
	v, err := strconv.ParseInt(m.Minor.String(), 10, 64)
	if err != nil {
		fe.Add(field, keyMoneyInt)
		return ""
	}
	return minorText(v)
}

// minorText writes minor units as "1234.50" (or "-1234.50"), the notation
// money.Parse reads the same way in English.
func minorText(v int64) string {
	sign, u := "", uint64(v)
	if v < 0 {
		sign, u = "-", uint64(-(v+1))+1
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}

// apiMoneyLang is the language the fixed notation is parsed in; amounts
// beyond money.Max get the parser's own field error.
const apiMoneyLang = "en"
