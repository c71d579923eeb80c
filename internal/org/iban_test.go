package org

import "testing"

func TestCheckIBAN(t *testing.T) {
	// XK05 1212 0123 4567 8906 and AL47 2121 1009 0000 0002 3569 8741 are
	// the examples of the SWIFT IBAN registry; the others are computed.
	xk := "XK" + IBANCheckDigits("XK", "1701000123456789") + "1701000123456789"
	tests := []struct {
		in, want, key string
	}{
		{"XK051212012345678906", "XK051212012345678906", ""},
		{"AL47212110090000000235698741", "AL47212110090000000235698741", ""},
		{"xk05 1212 0123 4567 8906", "XK051212012345678906", ""},
		{" al47 2121 1009 0000 0002 3569 8741 ", "AL47212110090000000235698741", ""},
		{"AL35202111090000000001234567", "AL35202111090000000001234567", ""},
		{xk, xk, ""},
		{"DE89370400440532013000", "DE89370400440532013000", ""},
		{"XK061212012345678906", "XK061212012345678906", "org.error.iban_checksum"},
		{"XK051212012345678960", "XK051212012345678960", "org.error.iban_checksum"},
		{"AL47212110090000000235698742", "AL47212110090000000235698742", "org.error.iban_checksum"},
		{"XK05121201234567890", "XK05121201234567890", "org.error.iban_length"},
		{"XK0512120123456789061", "XK0512120123456789061", "org.error.iban_length"},
		{"AL4721211009000000023569874", "AL4721211009000000023569874", "org.error.iban_length"},
		{"XK05121201234567890A", "XK05121201234567890A", "org.error.iban_format"},
		{"AL4721211A090000000235698741", "AL4721211A090000000235698741", "org.error.iban_format"},
		{"X1051212012345678906", "X1051212012345678906", "org.error.iban_format"},
		{"XKAB1212012345678906", "XKAB1212012345678906", "org.error.iban_format"},
		{"XK05-1212-0123-4567-8906", "XK05-1212-0123-4567-8906", "org.error.iban_length"},
		{"ZZ051212012345678906", "ZZ051212012345678906", "org.error.iban_country"},
		{"XK", "XK", "org.error.iban_format"},
	}
	for _, tt := range tests {
		got, key := CheckIBAN(tt.in)
		if got != tt.want || key != tt.key {
			t.Errorf("CheckIBAN(%q) = %q, %q; want %q, %q", tt.in, got, key, tt.want, tt.key)
		}
	}
}

func TestAlbanianAlphanumericAccount(t *testing.T) {
	bban := "21211009ABCD00000235698Z"
	iban := "AL" + IBANCheckDigits("AL", bban) + bban
	if _, key := CheckIBAN(iban); key != "" {
		t.Errorf("%s: %s", iban, key)
	}
}

func TestFormatIBAN(t *testing.T) {
	if got := FormatIBAN("AL47212110090000000235698741"); got != "AL47 2121 1009 0000 0002 3569 8741" {
		t.Errorf("got %q", got)
	}
	if got := FormatIBAN("XK051212012345678906"); got != "XK05 1212 0123 4567 8906" {
		t.Errorf("got %q", got)
	}
}
