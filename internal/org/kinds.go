// Package org owns the profiles of applicant organisations: identity,
// contacts, bank account, turnover, target groups and the social services
// they run, their verification by a program officer, self-registration,
// invitations of further users and the document vault. It never imports
// gin or internal/web; rows are scoped by an access.Scope built from
// the authorisation relation of the request.
package org

import (
	"context"
	"slices"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
)

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

// reaches answers NotFound unless sc reaches organisation id.
func (s *Store) reaches(ctx context.Context, sc access.Scope, id int64) error {
	cond, args := sc.Organisations("o.id")
	var n int
	if err := db.Get(ctx, s.DB, &n, `SELECT COUNT(*) FROM organisations o WHERE o.id = ? AND `+cond, append([]any{id}, args...)...); err != nil {
		return err
	}
	if n == 0 {
		return notFound()
	}
	return nil
}
