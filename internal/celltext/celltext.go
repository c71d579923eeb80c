// Package celltext makes user text safe for a spreadsheet cell: the one
// neutraliser of formula injection shared by every export (CSV and XLSX),
// so that a text a spreadsheet would run as a formula stays text. Money
// never passes through it: amounts stay numeric cells.
package celltext

import (
	"strings"
	"unicode/utf16"
)

// MaxChars is the most characters (UTF-16 units) a spreadsheet cell holds;
// excelize would silently cut a longer text, so Safe clips it visibly first.
const MaxChars = 32767

// triggers are the first characters that make a spreadsheet read a cell as
// a formula (or, for tab and carriage return, shift it into one).
const triggers = "=+-@\t\r"

// NeedsQuote reports whether s starts with a character a spreadsheet would
// take as the start of a formula.
func NeedsQuote(s string) bool {
	return s != "" && strings.IndexByte(triggers, s[0]) >= 0
}

// Safe neutralises a text that a spreadsheet would run as a formula (one
// starting with = + - @ TAB or CR) by putting a single quote in front, and
// clips it to MaxChars, ending a clipped text with an ellipsis.
func Safe(s string) string {
	if NeedsQuote(s) {
		s = "'" + s
	}
	if len(s) <= MaxChars || units(s) <= MaxChars {
		return s // the first test: each UTF-16 unit takes at least one byte
	}
	n := 0
	for i, r := range s {
		if n+utf16.RuneLen(r) > MaxChars-1 {
			return s[:i] + "…"
		}
		n += utf16.RuneLen(r)
	}
	return s
}

// units counts the UTF-16 units of s (an invalid byte counts as one).
func units(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
