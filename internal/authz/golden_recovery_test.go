package authz_test

// The recovery orders' permissions (issue 9), added to the golden table.
func init() {
	for role, spec := range map[string]string{
		"admin":           `recovery_order:view/any recovery_order:recover/any recovery_order:waive/any`,
		"program_officer": `recovery_order:view/any recovery_order:waive/any`,
		"finance_officer": `recovery_order:view/any recovery_order:recover/any recovery_order:waive/any`,
		"donor_officer":   `recovery_order:view/own_org`,
		"applicant":       `recovery_order:view/own_org`,
	} {
		golden[role] += " " + spec
	}
}
