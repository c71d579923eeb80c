// Package importer brings organisations and evaluators into the portal
// from a CSV or XLSX file: it reads the file within size and unzip limits,
// matches its headers in any of the portal's languages, checks every row
// (the organisation profile's own rules, municipalities, IBANs, duplicates
// in the file and in the database) and imports nothing until the file is
// clean; then it imports all rows in one transaction, inviting each
// contact person or evaluator to set a password. It never imports gin or
// internal/web.
package importer

import "slices"

// Kind is what a file imports.
type Kind string

// The kinds of import.
const (
	Organisations Kind = "organisations"
	Evaluators    Kind = "evaluators"
)

// Kinds lists the kinds in the order the pages show them.
var Kinds = []Kind{Organisations, Evaluators}

// ParseKind accepts a kind's name as it appears in a path.
func ParseKind(s string) (Kind, bool) {
	k := Kind(s)
	return k, slices.Contains(Kinds, k)
}

// Column is one column of a kind's sheet; its header is the catalogue
// text "import.col." + Key in any language, and its help for the template
// "import.help." + Key.
type Column struct {
	Key      string
	Required bool
}

var orgColumns = []Column{
	{"name", true}, {"acronym", false}, {"kind", true}, {"registration_number", true}, {"fiscal_number", false},
	{"municipality", true}, {"address", false}, {"email", false}, {"phone", false}, {"iban", false},
	{"rep_name", false}, {"rep_position", false}, {"contact_name", true}, {"contact_email", true}, {"contact_lang", false},
}

var evaluatorColumns = []Column{{"name", true}, {"email", true}, {"lang", false}}

// Columns are the columns of kind k in template order.
func (k Kind) Columns() []Column {
	if k == Evaluators {
		return evaluatorColumns
	}
	return orgColumns
}

// Limits of an import file.
const (
	MaxBytes   = 2 << 20 // the uploaded file
	MaxRows    = 1000    // data rows
	MaxColumns = 50
)

// Problem is one thing wrong with a file: a cell (Row and Col, 1-based as
// a spreadsheet shows them, Column the column's key), a whole row (Col 0),
// a missing column (Row 1, Col 0, Column set) or the file (Row 0). Key is
// the catalogue key of the message and Args its named arguments.
type Problem struct {
	Row    int
	Col    int
	Column string
	Key    string
	Args   []any
}

// Org is one organisation row, checked and normalised.
type Org struct {
	Row                                    int
	Name, Acronym, Kind                    string
	RegistrationNumber, FiscalNumber       string
	Municipality                           string // a place code
	Address, Email, Phone, IBAN            string // IBAN normalised
	RepName, RepPosition                   string
	ContactName, ContactEmail, ContactLang string
}

// Evaluator is one evaluator row, checked and normalised.
type Evaluator struct {
	Row               int
	Name, Email, Lang string
}

// Result is what a check or an import found: the number of data rows, the
// problems (none when the file is clean) and the rows to import.
type Result struct {
	Kind       Kind
	FileID     int64 // the clean file kept for confirmation
	FileName   string
	Rows       int
	Problems   []Problem
	Orgs       []Org
	Evaluators []Evaluator
}

// Clean reports whether the file may be imported.
func (r Result) Clean() bool { return len(r.Problems) == 0 && r.Rows > 0 }
