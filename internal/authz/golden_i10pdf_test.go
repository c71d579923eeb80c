package authz_test

// The letterhead and the financial documents' permissions (issue 10),
// added to the golden table.
func init() {
	for role, spec := range map[string]string{
		"admin":           `letterhead:edit/any findoc:summary/any findoc:statement/any`,
		"program_officer": `letterhead:edit/any findoc:summary/any findoc:statement/any`,
		"finance_officer": `findoc:summary/any findoc:statement/any`,
		"donor_officer":   `findoc:summary/own_org findoc:statement/own_org`,
		"applicant":       `findoc:statement/own_org`,
	} {
		golden[role] += " " + spec
	}
}
