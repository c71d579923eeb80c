package i18n

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

type glossary struct {
	Terms []glossaryTerm `json:"terms"`
	Same  [][]string     `json:"same"`
}

type glossaryTerm struct {
	EN, SQ, SR string
	Forbidden  map[Lang][]string `json:"forbidden"`
	ExceptKeys []string          `json:"except_keys"`
	Stems      map[Lang]string   `json:"stems"`
}

func loadGlossary(t *testing.T) glossary {
	t.Helper()
	b, err := os.ReadFile("glossary.json")
	if err != nil {
		t.Fatal(err)
	}
	var g glossary
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("glossary.json: %v", err)
	}
	if len(g.Terms) < 5 {
		t.Fatalf("glossary.json holds %d terms", len(g.Terms))
	}
	return g
}

// The catalogue uses the glossary's words: no message holds a forbidden
// variant ("aplikacion" for an application, "Aplikimet e mia" beside
// "Aplikimet tona"), the words the glossary names occur in the catalogue,
// and keys naming one thing read alike.
func TestGlossary(t *testing.T) {
	g := loadGlossary(t)
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range checkGlossary(g, cat.msgs) {
		t.Error(p)
	}
}

// checkGlossary lists the catalogue's departures from the glossary.
func checkGlossary(g glossary, msgs map[Lang]map[string]string) []string {
	var out []string
	for _, term := range g.Terms {
		for lang, bad := range term.Forbidden {
		keys:
			for key, msg := range msgs[lang] {
				for _, prefix := range term.ExceptKeys {
					if strings.HasPrefix(key, prefix) {
						continue keys
					}
				}
				low := strings.ToLower(msg)
				for _, b := range bad {
					if strings.Contains(low, strings.ToLower(b)) {
						out = append(out, fmt.Sprintf("%s %s: %q uses %q; the glossary's word for %q is %q", lang, key, msg, b, term.EN, term.in(lang)))
					}
				}
			}
		}
		for _, lang := range Langs {
			word := strings.ToLower(term.in(lang))
			if stem, ok := term.Stems[lang]; ok {
				word = strings.ToLower(stem)
			}
			found := false
			for _, msg := range msgs[lang] {
				if strings.Contains(strings.ToLower(msg), word) {
					found = true
					break
				}
			}
			if word != "" && !found {
				out = append(out, fmt.Sprintf("%s: the glossary's %q for %q occurs nowhere in the catalogue", lang, term.in(lang), term.EN))
			}
		}
	}
	for _, keys := range g.Same {
		for _, lang := range Langs {
			first := msgs[lang][keys[0]]
			for _, k := range keys[1:] {
				if msgs[lang][k] != first {
					out = append(out, fmt.Sprintf("%s: %s is %q but %s is %q; they name one thing", lang, keys[0], first, k, msgs[lang][k]))
				}
			}
		}
	}
	return out
}

func (term glossaryTerm) in(l Lang) string {
	return Text{SQ: term.SQ, EN: term.EN, SR: term.SR}.get(l)
}

// The check fails on the drift the issue found.
func TestGlossaryCatchesDrift(t *testing.T) {
	g := loadGlossary(t)
	msgs := map[Lang]map[string]string{
		SQ: {"nav.applications": "Aplikimet tona", "apppages.mine.title": "Aplikimet e mia", "x": "Dorëzoni aplikacionin"},
	}
	got := strings.Join(checkGlossary(g, msgs), "\n")
	for _, want := range []string{`sq x: "Dorëzoni aplikacionin" uses "aplikacion"`, `uses "Aplikimet e mia"`,
		`sq: nav.applications is "Aplikimet tona" but apppages.mine.title is "Aplikimet e mia"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the check does not report %s; it says:\n%s", want, got)
		}
	}
}
