package authz_test

// The grantee reports' permissions (issue 9), added to the golden table.
func init() {
	for role, spec := range map[string]string{
		"admin":           `grantee_report:view/any grantee_report:decide/any`,
		"program_officer": `grantee_report:view/any grantee_report:decide/any`,
		"finance_officer": `grantee_report:view/any`,
		"donor_officer":   `grantee_report:view/own_org`,
		"applicant":       `grantee_report:view/own_org grantee_report:edit/own_org grantee_report:submit/own_org`,
	} {
		golden[role] += " " + spec
	}
}
