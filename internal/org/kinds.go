// Package org owns the profiles of applicant organisations: identity,
// contacts, bank account, turnover, target groups and the social services
// they run, their verification by a program officer, self-registration,
// invitations of further users and the document vault. It never imports
// gin or internal/web; rows are scoped by a Scope built from the
// authorisation relation of the request.
package org

import "slices"

// TargetGroups are the target groups named in the programmes (GLOSSARY.md);
// each has the catalogue key "org.target." + key.
var TargetGroups = []string{
	"persons_with_disabilities", "elderly", "domestic_violence_victims", "trafficking_victims",
	"rae_communities", "children_drugs_law", "children_behavioural", "families_social_assistance",
	"women_heads_of_household", "rural_youth", "informal_workers", "returning_migrants",
}

// ServiceTypes are the kinds of social service in the directory; each has
// the catalogue key "org.service." + key.
var ServiceTypes = []string{
	"day_care_elderly", "day_care_disabilities", "home_care", "residential_care", "shelter",
	"counselling", "community_outreach", "family_support", "rehabilitation", "legal_aid", "other",
}

// DocumentTypes are the kinds of document in the vault; each has the
// catalogue key "org.doc." + key.
var DocumentTypes = []string{"statute", "registration_certificate", "financial_statements", "tax_certificate", "other"}

// ApplicantKinds are the kinds of organisation that have a profile.
var ApplicantKinds = []string{"ngo", "municipality"}

// IsTargetGroup reports whether key is one of TargetGroups.
func IsTargetGroup(key string) bool { return slices.Contains(TargetGroups, key) }

// IsServiceType reports whether key is one of ServiceTypes.
func IsServiceType(key string) bool { return slices.Contains(ServiceTypes, key) }

// IsDocumentType reports whether key is one of DocumentTypes.
func IsDocumentType(key string) bool { return slices.Contains(DocumentTypes, key) }

// Scope says which organisations' rows a request may reach: all of them
// (officers) or a list (an applicant's own organisations).
type Scope struct {
	all bool
	ids []int64
}

// Everything reaches every organisation.
func Everything() Scope { return Scope{all: true} }

// Only reaches the listed organisations (none when ids is empty).
func Only(ids ...int64) Scope { return Scope{ids: slices.Clone(ids)} }

// Has reports whether the scope reaches organisation id.
func (s Scope) Has(id int64) bool { return s.all || slices.Contains(s.ids, id) }

// All reports whether the scope reaches every organisation.
func (s Scope) All() bool { return s.all }

// filter returns an SQL condition on col and its arguments; the
// placeholders come from the number of ids, never from input.
func (s Scope) filter(col string) (string, []any) {
	if s.all {
		return "1 = 1", nil
	}
	if len(s.ids) == 0 {
		return "1 = 0", nil
	}
	args := make([]any, len(s.ids))
	q := col + " IN ("
	for i, id := range s.ids {
		if i > 0 {
			q += ", "
		}
		q += "?"
		args[i] = id
	}
	return q + ")", args
}
