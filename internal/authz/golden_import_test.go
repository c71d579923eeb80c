package authz_test

// The import of organisations and evaluators (issue 12), added to the
// golden table: officers and the administrator only.
func init() {
	for _, role := range []string{"admin", "program_officer"} {
		golden[role] += " import:create/any"
	}
}
