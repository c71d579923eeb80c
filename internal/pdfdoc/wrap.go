package pdfdoc

import (
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// wrap splits text into lines no wider than w in the current font: at
// spaces first; a word wider than the column (a long reference number) is
// broken after a hyphen, slash, dot or underscore where one fits, else
// between characters, so nothing is ever cut off.
func wrap(p *fpdf.Fpdf, text string, w float64) []string {
	w -= 2 * p.GetCellMargin()
	if p.GetStringWidth(text) <= w && !strings.Contains(text, "\n") {
		return []string{text}
	}
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			cand := word
			if line != "" {
				cand = line + " " + word
			}
			if p.GetStringWidth(cand) <= w {
				line = cand
				continue
			}
			if line != "" {
				out = append(out, line)
				line = ""
			}
			for p.GetStringWidth(word) > w {
				head, tail := breakWord(p, word, w)
				out = append(out, head)
				word = tail
			}
			line = word
		}
		out = append(out, line)
	}
	return out
}

// breakWord splits a word wider than w into a head that fits and the rest.
func breakWord(p *fpdf.Fpdf, word string, w float64) (string, string) {
	r := []rune(word)
	fit := 0
	for fit < len(r) && p.GetStringWidth(string(r[:fit+1])) <= w {
		fit++
	}
	if fit == 0 {
		fit = 1 // a single glyph wider than the column still moves on
	}
	for i := fit; i > fit/2; i-- {
		if strings.ContainsRune("-/._", r[i-1]) {
			return string(r[:i]), string(r[i:])
		}
	}
	return string(r[:fit]), string(r[fit:])
}
