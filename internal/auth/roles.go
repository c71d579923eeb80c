// Package auth owns accounts, organisations and memberships, sessions, API
// tokens, password resets and login throttling. It knows nothing of HTTP:
// the web layer turns its apperr codes into statuses and pages.
package auth

import "strings"

// Role is what a user is allowed to do across the portal; Casbin maps roles
// to actions, and SQL scopes rows by organisation or assignment.
type Role string

// The roles of the portal (see DESIGN.md, Roles).
const (
	Admin          Role = "admin"
	ProgramOfficer Role = "program_officer"
	Evaluator      Role = "evaluator"
	FinanceOfficer Role = "finance_officer"
	DonorOfficer   Role = "donor_officer"
	Applicant      Role = "applicant"
)

// Roles lists every role in the order forms offer them.
var Roles = []Role{Admin, ProgramOfficer, Evaluator, FinanceOfficer, DonorOfficer, Applicant}

// ParseRole accepts a role name as stored or posted by a form.
func ParseRole(s string) (Role, bool) {
	s = strings.TrimSpace(s)
	for _, r := range Roles {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// LabelKey is the catalogue key of the role's name shown to people.
func (r Role) LabelKey() string { return "auth.role." + string(r) }

// Langs are the interface languages a user may choose; the first is the
// default. They match internal/i18n.Choices: the three stored languages
// and Serbian in Cyrillic script ("sr-Cyrl").
var Langs = []string{"sq", "en", "sr", "sr-Cyrl"}

// parseLang accepts a supported language (case-insensitive), "" meaning
// the default, and returns its canonical code.
func parseLang(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return Langs[0], true
	}
	for _, l := range Langs {
		if strings.ToLower(l) == s {
			return l, true
		}
	}
	return "", false
}
