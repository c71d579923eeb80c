package web

import (
	"strings"
)

// publicFold puts letters with diacritics next to their base letter (Ç
// with C, Ë with E, Š with S) for ordering names.
var publicFold = strings.NewReplacer("ç", "c", "Ç", "c", "ë", "e", "Ë", "e", "č", "c", "Č", "c", "ć", "c", "Ć", "c",
	"đ", "d", "Đ", "d", "š", "s", "Š", "s", "ž", "z", "Ž", "z")

// publicCollate orders two names as a reader expects, ignoring case and
// diacritics.
func publicCollate(a, b string) int {
	return strings.Compare(strings.ToLower(publicFold.Replace(a)), strings.ToLower(publicFold.Replace(b)))
}
