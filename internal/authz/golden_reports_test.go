package authz_test

// The donor reports' permissions (issue 10), added to the golden table.
func init() {
	staff := `donor_report:list/any donor_report:programme-financial/any donor_report:third-parties/any
		donor_report:disbursement-ledger/any donor_report:ranking/any donor_report:evaluation-report/any
		donor_report:expenditure-list/any donor_report:financial-summary/any donor_report:grantee-statement/any`
	for role, spec := range map[string]string{
		"admin":           staff,
		"program_officer": staff,
		"finance_officer": staff,
		"donor_officer": `donor_report:list/own_org donor_report:programme-financial/own_org donor_report:third-parties/own_org
			donor_report:disbursement-ledger/own_org donor_report:ranking/own_org donor_report:evaluation-report/own_org
			donor_report:expenditure-list/own_org donor_report:financial-summary/own_org donor_report:grantee-statement/own_org`,
		"applicant": `donor_report:list/own_org donor_report:expenditure-list/own_org donor_report:grantee-statement/own_org`,
	} {
		golden[role] += " " + spec
	}
}
