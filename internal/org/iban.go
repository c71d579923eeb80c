package org

import (
	"math/big"
	"strings"
)

// ibanLengths are the IBAN lengths of the SWIFT IBAN registry for the
// programme countries and their neighbours and usual bank countries.
var ibanLengths = map[string]int{
	"XK": 20, "AL": 28, "AD": 24, "AT": 20, "BA": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24,
	"DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28,
	"IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "ME": 22, "MK": 19,
	"MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "RS": 22, "SE": 24, "SI": 19, "SK": 24,
	"SM": 27, "TR": 26, "UA": 29,
}

// NormalizeIBAN removes spaces and upper-cases, the form in which IBANs are stored.
func NormalizeIBAN(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// FormatIBAN shows a stored IBAN in groups of four.
func FormatIBAN(iban string) string {
	var b strings.Builder
	for i, r := range iban {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// CheckIBAN validates an IBAN (spaces and lower case allowed) and returns
// it normalised, or the catalogue key of what is wrong: unknown country,
// wrong length, characters in the wrong places, or a wrong check number.
func CheckIBAN(s string) (string, string) {
	iban := NormalizeIBAN(s)
	if len(iban) < 5 || !isUpper(iban[:2]) || !isDigits(iban[2:4]) {
		return iban, "org.error.iban_format"
	}
	want, ok := ibanLengths[iban[:2]]
	if !ok {
		return iban, "org.error.iban_country"
	}
	if len(iban) != want {
		return iban, "org.error.iban_length"
	}
	bban := iban[4:]
	for i := 0; i < len(bban); i++ {
		if !isDigits(bban[i:i+1]) && !isUpper(bban[i:i+1]) {
			return iban, "org.error.iban_format"
		}
	}
	switch iban[:2] {
	case "XK": // 4n bank and branch, 10n account, 2n national check
		if !isDigits(bban) {
			return iban, "org.error.iban_format"
		}
	case "AL": // 8n bank, branch and check, 16c account
		if !isDigits(bban[:8]) {
			return iban, "org.error.iban_format"
		}
	}
	if ibanMod97(iban) != 1 {
		return iban, "org.error.iban_checksum"
	}
	return iban, ""
}

// ibanMod97 moves the first four characters to the end, turns letters into
// numbers (A=10 … Z=35) and returns the remainder modulo 97 (ISO 13616).
func ibanMod97(iban string) int64 {
	var digits strings.Builder
	for _, r := range iban[4:] + iban[:4] {
		if r >= 'A' && r <= 'Z' {
			digits.WriteString(big.NewInt(int64(r - 'A' + 10)).String())
		} else {
			digits.WriteRune(r)
		}
	}
	n, ok := new(big.Int).SetString(digits.String(), 10)
	if !ok {
		return -1
	}
	return new(big.Int).Mod(n, big.NewInt(97)).Int64()
}

// IBANCheckDigits computes the two check digits for a country and BBAN:
// for demo data and tests.
func IBANCheckDigits(country, bban string) string {
	r := ibanMod97(country + "00" + bban)
	d := 98 - r
	return string([]byte{byte('0' + d/10), byte('0' + d%10)})
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return s != ""
}
