package authz_test

// The search box's permission (issue 12), added to the golden table:
// every signed-in role may search; internal/access decides what it finds.
func init() {
	for _, role := range []string{"admin", "program_officer", "evaluator", "finance_officer", "donor_officer", "applicant"} {
		golden[role] += " search:view/any"
	}
}
