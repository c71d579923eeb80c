package application

import (
	"context"
	"slices"
	"time"

	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
)

// OrgFacts are what the eligibility of an applicant organisation depends
// on: its kind and registration date (from its profile).
type OrgFacts struct {
	Kind             string     `db:"kind"`
	RegistrationDate *time.Time `db:"registration_date"`
}

func orgFacts(ctx context.Context, c db.Conn, orgID int64) (OrgFacts, error) {
	var f OrgFacts
	err := db.Get(ctx, c, &f, `SELECT o.kind, p.registration_date FROM organisations o
		LEFT JOIN organisation_profiles p ON p.org_id = o.id WHERE o.id = ?`, orgID)
	return f, err
}

// Suggestion is what the portal computes for a checklist point: a result
// and, when failed, why (a problem with its catalogue key and arguments).
type Suggestion struct {
	Result string    `json:"result"`
	Why    []Problem `json:"-"`
}

// Suggest computes the points the portal can judge of a submitted
// application (keyed by point code): on time, amount, duration, shares,
// declaration, organisation (kind and years since registration),
// municipality and required documents attached (which says nothing of their
// content: the officer opens them). Added points are left to the officer. It
// is pure; the officer confirms or overrides each suggestion.
func Suggest(a Application, c call.Call, lots []call.Lot, profile *donor.Profile, of OrgFacts) map[string]Suggestion {
	out := map[string]Suggestion{}
	verdict := func(code string, why []Problem) {
		if len(why) == 0 {
			out[code] = Suggestion{Result: Passed}
			return
		}
		out[code] = Suggestion{Result: Failed, Why: why}
	}
	ps := append(limits(a, c, lots, profile), completeness(a, c)...)
	pick := func(keys ...string) []Problem {
		var why []Problem
		for _, p := range ps {
			if slices.Contains(keys, p.Key) {
				why = append(why, p)
			}
		}
		return why
	}
	var late []Problem
	if a.SubmittedAt == nil || c.DeadlinePassed(*a.SubmittedAt) {
		late = []Problem{{Field: "submitted_at", Key: "screening.why.late"}}
	}
	verdict("on_time", late)
	verdict("amount", pick("applications.problem.over_max_grant", "applications.problem.under_min_grant",
		"applications.problem.over_lot", "applications.problem.over_donor_cap", "applications.problem.indirect_over",
		"applications.problem.contingency_over"))
	dur := pick("applications.problem.duration_over", "applications.problem.duration_under")
	if a.DurationMonths <= 0 {
		dur = append(dur, Problem{Field: "duration_months", Key: "applications.problem.required"})
	}
	verdict("duration", dur)
	verdict("shares", pick("applications.problem.donor_share_over", "applications.problem.cofinancing_under"))
	var decl []Problem
	if !a.DeclarationAccepted {
		decl = []Problem{{Field: "declaration_accepted", Key: "applications.problem.declaration"}}
	}
	verdict("declaration", decl)
	verdict("municipality", pick("applications.problem.municipality_not_eligible"))
	verdict("organisation", orgProblems(c, of, a.SubmittedAt))
	verdict("documents", documentsComplete(a, c))
	return dedupe(out)
}

// orgProblems checks the organisation's kind and its years since
// registration at the call's deadline (else at submission).
func orgProblems(c call.Call, of OrgFacts, submitted *time.Time) []Problem {
	var why []Problem
	if kinds := c.OrgKinds(); len(kinds) > 0 && !slices.Contains(kinds, of.Kind) {
		why = append(why, Problem{Field: "kind", Key: "screening.why.kind"})
	}
	if c.MinYearsRegistered > 0 {
		var at time.Time
		switch {
		case c.ClosesAt != nil:
			at = *c.ClosesAt
		case submitted != nil:
			at = *submitted
		}
		switch {
		case of.RegistrationDate == nil:
			why = append(why, Problem{Field: "registration_date", Key: "screening.why.registration_unknown"})
		case of.RegistrationDate.AddDate(c.MinYearsRegistered, 0, 0).After(at):
			why = append(why, Problem{Field: "registration_date", Key: "screening.why.years", Args: []any{"years", c.MinYearsRegistered}})
		}
	}
	return why
}

// dedupe keeps one problem per key in each suggestion (the budget rules put
// one on every line of a kind).
func dedupe(m map[string]Suggestion) map[string]Suggestion {
	for code, s := range m {
		var keep []Problem
		for _, p := range s.Why {
			if !slices.ContainsFunc(keep, func(q Problem) bool { return q.Key == p.Key }) {
				keep = append(keep, p)
			}
		}
		s.Why = keep
		m[code] = s
	}
	return m
}
