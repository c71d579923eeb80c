package authz_test

// The bulk actions' permission (issue 12), added to the golden table.
func init() {
	golden["admin"] += " bulk:run/any"
	golden["program_officer"] += " bulk:run/any"
}
