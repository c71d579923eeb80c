package grant

import (
	"strings"

	"github.com/subgrant/portal/internal/apperr"
)

// ibanLengths are the IBAN lengths of the countries the portal's grantees
// bank in and their neighbours; another country's IBAN is checked for its
// shape and mod-97 only (15 to 34 characters).
var ibanLengths = map[string]int{
	"XK": 20, "AL": 28, "ME": 22, "MK": 19, "RS": 22, "BA": 20, "HR": 21,
	"SI": 19, "GR": 27, "IT": 27, "AT": 20, "DE": 22, "CH": 21, "FR": 27,
	"BE": 16, "NL": 18, "GB": 22, "TR": 26, "BG": 22, "RO": 24,
}

// KeyIBAN is the field error of an IBAN that fails its shape or mod-97.
const KeyIBAN = "grants.error.iban"

// NormalizeIBAN removes spaces and upper-cases s, then checks it (ISO
// 13616): two letters, two check digits, letters and digits only, the
// country's length, and the remainder of the rearranged number modulo 97
// equal to 1. It returns the compact form, or a field error on field.
func NormalizeIBAN(field, s string) (string, error) {
	v := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if !ValidIBAN(v) {
		return v, apperr.Field(field, KeyIBAN)
	}
	return v, nil
}

// ValidIBAN reports whether compact (no spaces, upper case) is an IBAN.
func ValidIBAN(v string) bool {
	if len(v) < 15 || len(v) > 34 {
		return false
	}
	if !letter(v[0]) || !letter(v[1]) || !digit(v[2]) || !digit(v[3]) {
		return false
	}
	if n, ok := ibanLengths[v[:2]]; ok && len(v) != n {
		return false
	}
	rem := 0
	for _, c := range []byte(v[4:] + v[:4]) {
		switch {
		case digit(c):
			rem = (rem*10 + int(c-'0')) % 97
		case letter(c):
			rem = (rem*100 + int(c-'A'+10)) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// FormatIBAN groups an IBAN by four characters, as printed.
func FormatIBAN(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(v[i:min(i+4, len(v))])
	}
	return b.String()
}

func letter(c byte) bool { return c >= 'A' && c <= 'Z' }
func digit(c byte) bool  { return c >= '0' && c <= '9' }
