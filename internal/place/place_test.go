package place

import (
	"strings"
	"testing"
)

func TestCounts(t *testing.T) {
	if n := len(Municipalities(Kosovo)); n != 38 {
		t.Errorf("Kosovo: %d municipalities, want 38", n)
	}
	if n := len(Municipalities(Albania)); n != 61 {
		t.Errorf("Albania: %d municipalities, want 61", n)
	}
	if n := len(Municipalities("")); n != 99 {
		t.Errorf("all: %d, want 99", n)
	}
	if n := len(Municipalities("MK")); n != 0 {
		t.Errorf("unknown country: %d, want 0", n)
	}
}

func TestCodesUniqueAndWellFormed(t *testing.T) {
	seen := map[string]bool{}
	names := map[string]bool{}
	for _, m := range all {
		if seen[m.Code] {
			t.Errorf("duplicate code %s", m.Code)
		}
		seen[m.Code] = true
		key := m.Country + "/" + m.SQ
		if names[key] {
			t.Errorf("duplicate name %s", key)
		}
		names[key] = true
		if !strings.HasPrefix(m.Code, m.Country+"-") {
			t.Errorf("%s: code does not start with its country %s", m.Code, m.Country)
		}
		for _, r := range m.Code {
			if !(r >= 'A' && r <= 'Z' || r == '-') {
				t.Errorf("%s: code has %q, want A-Z and '-'", m.Code, r)
				break
			}
		}
		if m.SQ == "" || m.SR == "" || m.EN == "" {
			t.Errorf("%s: missing a name: %+v", m.Code, m)
		}
	}
}

func TestLookupAndNames(t *testing.T) {
	m, ok := Lookup("XK-FERIZAJ")
	if !ok {
		t.Fatal("XK-FERIZAJ not found")
	}
	if m.Name("sq") != "Ferizaj" || m.Name("sr") != "Uroševac" || m.Name("en") != "Ferizaj" || m.Name("xx") != "Ferizaj" {
		t.Errorf("names: %q %q %q", m.Name("sq"), m.Name("sr"), m.Name("en"))
	}
	if m, _ := Lookup("XK-PRISHTINE"); m.Name("sr") != "Priština" {
		t.Errorf("Prishtinë in Serbian: %q", m.Name("sr"))
	}
	if m, _ := Lookup("AL-TIRANE"); m.Country != Albania || m.Name("sq") != "Tiranë" {
		t.Errorf("AL-TIRANE: %+v", m)
	}
	if _, ok := Lookup("XK-NOWHERE"); ok {
		t.Error("unknown code found")
	}
	if Valid("") || !Valid("AL-VLORE") {
		t.Error("Valid")
	}
	if got := KindWord(Kosovo, "sq"); got != "komunë" {
		t.Errorf("kind XK sq = %q", got)
	}
	if got := KindWord(Albania, "sq"); got != "bashki" {
		t.Errorf("kind AL sq = %q", got)
	}
	if got := m.Kind("sr"); got != "opština" {
		t.Errorf("kind sr = %q", got)
	}
}

func TestMunicipalitiesIsACopy(t *testing.T) {
	a := Municipalities(Kosovo)
	a[0].SQ = "changed"
	if Municipalities(Kosovo)[0].SQ == "changed" {
		t.Error("Municipalities returns shared storage")
	}
}
