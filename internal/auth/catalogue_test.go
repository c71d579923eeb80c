package auth

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var langFiles = []string{"sq", "en", "sr"}

func loadCatalogue(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "i18n", "locales", lang, "auth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s/auth.json: %v", lang, err)
	}
	return m
}

// Every auth.* key this package returns, and every role and organisation
// kind label, is translated in all three languages.
func TestCatalogueHasEveryKey(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	re := regexp.MustCompile(`"(auth\.[a-z_.]+[a-z_])"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	if len(used) < 10 {
		t.Fatalf("found only %d keys in the source: is the pattern right?", len(used))
	}
	for _, r := range Roles {
		used[r.LabelKey()] = true
	}
	for _, k := range OrgKinds {
		used["auth.org_kind."+k] = true
	}
	cats := map[string]map[string]string{}
	for _, l := range langFiles {
		cats[l] = loadCatalogue(t, l)
		for k := range used {
			if strings.TrimSpace(cats[l][k]) == "" {
				t.Errorf("%s/auth.json lacks %q", l, k)
			}
		}
		for k := range cats[l] {
			if !strings.HasPrefix(k, "auth.") {
				t.Errorf("%s/auth.json: key %q lacks the auth. prefix", l, k)
			}
		}
	}
	for _, l := range langFiles[1:] {
		a, b := keysOf(cats["sq"]), keysOf(cats[l])
		if !slices.Equal(a, b) {
			t.Errorf("sq and %s have different keys:\n%v\n%v", l, a, b)
		}
	}
}

func keysOf(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
