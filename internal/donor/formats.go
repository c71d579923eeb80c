package donor

import "fmt"

// Formats are a donor's report formats: the layout of its financial report
// (and of the annex per grantee when it differs, such as UNICEF's FACE
// form), its number formats and its page choices. Everything a report
// shows of a donor comes from here, so a donor is a file, not code.
type Formats struct {
	Page          Page   `json:"page"`
	MoneyFormat   string `json:"money_format"`   // spreadsheet number format of amounts, e.g. #,##0.00
	PercentFormat string `json:"percent_format"` // of ratios, e.g. 0.0%
	DateFormat    string `json:"date_format"`    // of dates, e.g. dd.mm.yyyy
	Financial     Layout `json:"financial_report"`
	// Annex is the layout of the sheet per grantee; nil: Financial's.
	Annex *Layout `json:"annex"`
}

// Page are the print choices of every sheet.
type Page struct {
	Orientation  string `json:"orientation"` // portrait or landscape
	Paper        string `json:"paper"`       // a4 or letter
	FitToWidth   bool   `json:"fit_to_width"`
	RepeatHeader bool   `json:"repeat_header"` // print the header rows on every page
}

// Layout is one financial table: its title, its columns and its rows.
type Layout struct {
	Title   Text     `json:"title"`
	Columns []Column `json:"columns"`
	Rows    []Row    `json:"rows"`
}

// Column values a financial layout may show. Money columns hold amounts;
// Percent, Variance and Balance are formulas over the row's other cells.
const (
	ColCode        = "code"        // the heading's or the row's code
	ColLabel       = "label"       // its label in the report's language
	ColBudget      = "budget"      // the budget (grant budget lines)
	ColPeriod      = "period"      // accepted expenditure of the latest report
	ColCumulative  = "cumulative"  // accepted expenditure of every report
	ColPercent     = "percent"     // cumulative / budget
	ColVariance    = "variance"    // budget − cumulative
	ColExplanation = "explanation" // the grantee's explanation of the variance
	ColAuthorised  = "authorised"  // FACE A: the amount authorised (budget)
	ColReported    = "reported"    // FACE B: every expenditure reported
	ColAccepted    = "accepted"    // FACE C: expenditure accepted (approved reports, eligible)
	ColBalance     = "balance"     // FACE D: A − C
)

// needs names the columns each formula column reads.
var needs = map[string][]string{
	ColPercent:  {ColCumulative, ColBudget},
	ColVariance: {ColBudget, ColCumulative},
	ColBalance:  {ColAuthorised, ColAccepted},
}

var columnKinds = map[string]bool{ColCode: true, ColLabel: true, ColBudget: true, ColPeriod: true, ColCumulative: true,
	ColPercent: true, ColVariance: true, ColExplanation: true, ColAuthorised: true, ColReported: true, ColAccepted: true, ColBalance: true}

// Money reports whether a column value holds an amount.
func Money(value string) bool {
	switch value {
	case ColBudget, ColPeriod, ColCumulative, ColVariance, ColAuthorised, ColReported, ColAccepted, ColBalance:
		return true
	}
	return false
}

// Column is one column of a layout.
type Column struct {
	Value string  `json:"value"` // one of the Col* values
	Label Text    `json:"label"`
	Width float64 `json:"width"` // in characters
}

// Row is one row of a layout: a budget heading's, a sum of earlier rows,
// or a memo row shown for information and left out of every sum.
type Row struct {
	Heading string   `json:"heading"` // a heading's code: its amounts
	Sum     string   `json:"sum"`     // the code of a sum row
	Of      []string `json:"of"`      // the codes (headings or sums) a sum adds up
	Memo    string   `json:"memo"`    // the code of a memo row
	Source  string   `json:"source"`  // what a memo row shows: third_parties (the sub-grants)
	Label   Text     `json:"label"`   // of a sum or memo row (heading rows use the heading's)
	Total   bool     `json:"total"`   // the layout's grand total
}

// Code is the row's code, whatever its kind.
func (r Row) Code() string { return r.Heading + r.Sum + r.Memo }

// AnnexLayout is the layout of the sheet per grantee.
func (f Formats) AnnexLayout() Layout {
	if f.Annex != nil {
		return *f.Annex
	}
	return f.Financial
}

func (p *Profile) checkFormats() error {
	f := p.Formats
	if f.MoneyFormat == "" || f.PercentFormat == "" || f.DateFormat == "" {
		return fmt.Errorf("formats: money, percent and date formats are required")
	}
	if f.Page.Orientation != "portrait" && f.Page.Orientation != "landscape" {
		return fmt.Errorf("formats: orientation %q", f.Page.Orientation)
	}
	if f.Page.Paper != "a4" && f.Page.Paper != "letter" {
		return fmt.Errorf("formats: paper %q", f.Page.Paper)
	}
	if err := p.checkLayout(f.Financial); err != nil {
		return fmt.Errorf("formats: financial report: %w", err)
	}
	if f.Annex != nil {
		if err := p.checkLayout(*f.Annex); err != nil {
			return fmt.Errorf("formats: annex: %w", err)
		}
	}
	return nil
}

// checkLayout: labels in every language, known columns whose formulas
// find their inputs, rows that name the profile's headings (each once) and
// sums of earlier rows only, exactly one total.
func (p *Profile) checkLayout(l Layout) error {
	if err := allLangs(l.Title); err != nil {
		return fmt.Errorf("title: %w", err)
	}
	has := map[string]bool{}
	for _, c := range l.Columns {
		if !columnKinds[c.Value] || has[c.Value] {
			return fmt.Errorf("column %q unknown or twice", c.Value)
		}
		has[c.Value] = true
		if err := allLangs(c.Label); err != nil {
			return fmt.Errorf("column %s: %w", c.Value, err)
		}
	}
	for v := range has {
		for _, n := range needs[v] {
			if !has[n] {
				return fmt.Errorf("column %s needs column %s", v, n)
			}
		}
	}
	seen, totals := map[string]bool{}, 0
	for _, r := range l.Rows {
		kinds := 0
		for _, s := range []string{r.Heading, r.Sum, r.Memo} {
			if s != "" {
				kinds++
			}
		}
		if kinds != 1 || seen[r.Code()] {
			return fmt.Errorf("row %q: exactly one of heading, sum and memo, and a code used once", r.Code())
		}
		switch {
		case r.Heading != "":
			if _, ok := p.Heading(r.Heading); !ok {
				return fmt.Errorf("row %s: no such heading", r.Heading)
			}
		case r.Sum != "":
			for _, c := range r.Of {
				if !seen[c] {
					return fmt.Errorf("sum %s adds %s, not an earlier row", r.Sum, c)
				}
			}
		case r.Source != "third_parties":
			return fmt.Errorf("memo %s: unknown source %q", r.Memo, r.Source)
		}
		if r.Heading == "" {
			if err := allLangs(r.Label); err != nil {
				return fmt.Errorf("row %s: %w", r.Code(), err)
			}
		}
		if r.Total {
			totals++
		}
		seen[r.Code()] = true
	}
	for _, h := range p.Headings {
		if !seen[h.Code] {
			return fmt.Errorf("heading %s has no row", h.Code)
		}
	}
	if totals != 1 {
		return fmt.Errorf("%d total rows, want one", totals)
	}
	return nil
}
