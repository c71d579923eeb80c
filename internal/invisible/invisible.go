// Package invisible finds characters that change how a text reads without
// being seen: bidirectional overrides turn "gpj.exe" into what looks like
// "exe.jpg", and zero-width characters make two organisation names that
// look the same different. Names, titles and file names refuse them;
// letters of any script, Albanian and Serbian Cyrillic included, pass.
package invisible

import (
	"strings"

	"github.com/subgrant/portal/internal/apperr"
)

// Key is the catalogue key of the field error.
const Key = "hardening.error.invisible"

// Contains reports whether s holds a disguising character.
func Contains(s string) bool { return strings.IndexFunc(s, disguising) >= 0 }

// Check adds the field error Key to fe when v holds a disguising character.
func Check(fe apperr.FieldErrors, field, v string) {
	if Contains(v) {
		fe.Add(field, Key)
	}
}

func disguising(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E: // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	case r >= 0x200B && r <= 0x200F: // zero-width space, ZWNJ, ZWJ, LRM, RLM
		return true
	case r >= 0x2060 && r <= 0x2064: // word joiner, invisible operators
		return true
	case r == 0xFEFF: // byte-order mark, zero-width no-break space
		return true
	case r == 0x061C, r == 0x180E: // Arabic letter mark, Mongolian vowel separator
		return true
	case r == 0x00AD, r == 0x034F: // soft hyphen, combining grapheme joiner
		return true
	case r == 0x115F, r == 0x1160, r == 0x3164, r == 0xFFA0: // Hangul fillers, shown as blanks
		return true
	case r >= 0xFFF9 && r <= 0xFFFB: // interlinear annotation marks
		return true
	case r >= 0xE0000 && r <= 0xE007F: // tag characters
		return true
	}
	return false
}
