// Package reports holds one file per donor: its rule profile (budget
// headings, limits, payment and reporting rules) and, as later capabilities
// add them, its report formats. A new donor is a new file, not new code.
package reports

import "embed"

// FS holds the donor files, *.json.
//
//go:embed *.json
var FS embed.FS
