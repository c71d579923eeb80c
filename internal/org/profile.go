package org

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/invisible"
	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/place"
)

// Profile is an applicant organisation as its profile page shows it.
type Profile struct {
	OrgID              int64      `db:"org_id"`
	Kind               string     `db:"kind"`
	Name               string     `db:"name"`
	LegalName          string     `db:"legal_name"`
	Acronym            string     `db:"acronym"`
	RegistrationNumber string     `db:"registration_number"`
	Registry           string     `db:"registry"`
	FiscalNumber       string     `db:"fiscal_number"`
	RegistrationDate   *time.Time `db:"registration_date"`
	Address            string     `db:"address"`
	Municipality       string     `db:"municipality"`
	Email              string     `db:"email"`
	Phone              string     `db:"phone"`
	RepName            string     `db:"rep_name"`
	RepPosition        string     `db:"rep_position"`
	IBAN               string     `db:"iban"` // normalised, no spaces
	StaffCount         int        `db:"staff_count"`
	VolunteerCount     int        `db:"volunteer_count"`
	VerifiedAt         *time.Time `db:"verified_at"`
	VerifiedBy         *int64     `db:"verified_by"`
	VerifiedByName     string     `db:"verified_by_name"`
	UpdatedAt          *time.Time `db:"updated_at"`
	CreatedAt          time.Time  `db:"created_at"`

	Turnover     []Turnover
	TargetGroups []string
	Services     []Service
}

// Verified reports whether a program officer has verified the organisation.
func (p Profile) Verified() bool { return p.VerifiedAt != nil }

// Turnover is the annual turnover of one year.
type Turnover struct {
	Year     int    `db:"year" json:"year"`
	Minor    int64  `db:"amount_minor" json:"amount_minor"`
	Currency string `db:"currency" json:"currency"`
}

// Service is one social service the organisation runs.
type Service struct {
	ID                   int64  `db:"id" json:"id"`
	OrgID                int64  `db:"org_id" json:"-"`
	Type                 string `db:"service_type" json:"type"`
	Municipality         string `db:"municipality" json:"municipality"`
	Capacity             int    `db:"capacity" json:"capacity"`
	BeneficiariesPerYear int    `db:"beneficiaries_per_year" json:"beneficiaries_per_year"`
}

// Input is what an organisation may change of its profile. Verification,
// identity of the organisation and its kind are not in it.
type Input struct {
	LegalName, Acronym, RegistrationNumber, Registry, FiscalNumber string
	RegistrationDate                                               *time.Time
	Address, Municipality, Email, Phone, RepName, RepPosition      string
	IBAN                                                           string
	StaffCount, VolunteerCount                                     int
	Turnover                                                       []Turnover
	TargetGroups                                                   []string
	Services                                                       []Service
}

// Limits of the profile.
const (
	MaxServices = 50
	MaxPeople   = 100000
	MaxYearly   = 10000000
)

// TurnoverYears are the three last completed years at now, oldest first.
func TurnoverYears(now time.Time) []int {
	y := now.UTC().Year()
	return []int{y - 3, y - 2, y - 1}
}

// Validate normalises in (trims, IBAN without spaces) and returns the field
// errors as catalogue keys; field names are those of the API body.
func (in *Input) Validate(now time.Time) apperr.FieldErrors {
	fe := apperr.FieldErrors{}
	in.trim()
	text(fe, "legal_name", in.LegalName, 200, true)
	text(fe, "acronym", in.Acronym, 30, false)
	invisible.Check(fe, "legal_name", in.LegalName)
	invisible.Check(fe, "acronym", in.Acronym)
	text(fe, "registration_number", in.RegistrationNumber, 60, false)
	text(fe, "registry", in.Registry, 200, false)
	text(fe, "fiscal_number", in.FiscalNumber, 60, false)
	text(fe, "address", in.Address, 300, false)
	text(fe, "rep_name", in.RepName, 200, false)
	text(fe, "rep_position", in.RepPosition, 200, false)
	if d := in.RegistrationDate; d != nil && (d.After(now) || d.Year() < 1900) {
		fe.Add("registration_date", "org.error.date_range")
	}
	if in.Municipality != "" && !place.Valid(in.Municipality) {
		fe.Add("municipality", "org.error.municipality")
	}
	if in.Email != "" && !auth.ValidEmail(in.Email) {
		fe.Add("email", "org.error.email")
	}
	if in.Phone != "" && !validPhone(in.Phone) {
		fe.Add("phone", "org.error.phone")
	}
	if in.IBAN != "" {
		iban, key := CheckIBAN(in.IBAN)
		in.IBAN = iban
		if key != "" {
			fe.Add("iban", key)
		}
	}
	count(fe, "staff_count", in.StaffCount, MaxPeople)
	count(fe, "volunteer_count", in.VolunteerCount, MaxPeople)
	in.validateTurnover(fe, now)
	in.validateLists(fe)
	return fe
}

func (in *Input) trim() {
	for _, p := range []*string{&in.LegalName, &in.Acronym, &in.RegistrationNumber, &in.Registry, &in.FiscalNumber,
		&in.Address, &in.Municipality, &in.Email, &in.Phone, &in.RepName, &in.RepPosition, &in.IBAN} {
		*p = strings.TrimSpace(*p)
	}
}

func (in *Input) validateTurnover(fe apperr.FieldErrors, now time.Time) {
	years := TurnoverYears(now)
	seen := map[int]bool{}
	for _, t := range in.Turnover {
		field := "turnover." + itoa(t.Year)
		switch {
		case t.Year < years[0] || t.Year > years[2] || seen[t.Year]:
			fe.Add(field, "org.error.turnover_year")
		case t.Minor < 0 || t.Minor > money.Max:
			fe.Add(field, "org.error.amount")
		case !money.IsCurrency(t.Currency):
			fe.Add("turnover_currency", "org.error.currency")
		}
		seen[t.Year] = true
	}
}

func (in *Input) validateLists(fe apperr.FieldErrors) {
	seen := map[string]bool{}
	for _, g := range in.TargetGroups {
		if !IsTargetGroup(g) || seen[g] {
			fe.Add("target_groups", "org.error.target_group")
		}
		seen[g] = true
	}
	if len(in.Services) > MaxServices {
		fe.Add("services", "org.error.too_many_services")
	}
	for i, s := range in.Services {
		p := "services." + itoa(i) + "."
		if !IsServiceType(s.Type) {
			fe.Add(p+"type", "org.error.service_type")
		}
		if !place.Valid(s.Municipality) {
			fe.Add(p+"municipality", "org.error.municipality")
		}
		count(fe, p+"capacity", s.Capacity, MaxPeople)
		count(fe, p+"beneficiaries_per_year", s.BeneficiariesPerYear, MaxYearly)
	}
}

func text(fe apperr.FieldErrors, field, v string, max int, required bool) {
	switch {
	case required && v == "":
		fe.Add(field, "org.error.required")
	case utf8.RuneCountInString(v) > max:
		fe.Add(field, "org.error.too_long")
	case strings.ContainsAny(v, "\x00\r\n"):
		fe.Add(field, "org.error.control")
	}
}

func count(fe apperr.FieldErrors, field string, n, max int) {
	if n < 0 || n > max {
		fe.Add(field, "org.error.count")
	}
}

// validPhone accepts digits with spaces, +, -, ( and ): 6 to 15 digits.
func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')', r == '/':
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 15
}
