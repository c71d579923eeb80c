package grant

import (
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/org"
)

// NormalizeIBAN checks an IBAN with the organisation profile's rules
// (org.CheckIBAN: country, length, characters in their places, mod-97)
// and returns it compact, or a field error on field carrying org's key
// for what is wrong (org.error.iban_checksum for a failed mod-97).
func NormalizeIBAN(field, s string) (string, error) {
	iban, key := org.CheckIBAN(s)
	if key != "" {
		return iban, apperr.Field(field, key)
	}
	return iban, nil
}

// ValidIBAN reports whether s is an IBAN passing org.CheckIBAN.
func ValidIBAN(s string) bool {
	_, key := org.CheckIBAN(s)
	return key == ""
}

// FormatIBAN groups an IBAN by four characters, as printed.
func FormatIBAN(v string) string { return org.FormatIBAN(v) }
