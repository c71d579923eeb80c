// Package i18n is the portal's message catalogue in Albanian (the default),
// English and Serbian, and the per-locale formatting of numbers, money and
// dates. Every user-facing string is a key here.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Lang is a supported interface language.
type Lang string

// The supported languages; SQ is the default.
const (
	SQ Lang = "sq"
	EN Lang = "en"
	SR Lang = "sr"
)

// Langs lists the supported languages in the order the switcher shows them.
var Langs = []Lang{SQ, EN, SR}

// Default is the language of visitors who have chosen none.
const Default = SQ

// ParseLang accepts a supported language code.
func ParseLang(s string) (Lang, bool) {
	for _, l := range Langs {
		if string(l) == strings.ToLower(strings.TrimSpace(s)) {
			return l, true
		}
	}
	return Default, false
}

//go:embed locales
var localeFS embed.FS

// Catalogue holds every message in every language.
type Catalogue struct {
	msgs map[Lang]map[string]string
}

// Load reads the embedded catalogue: locales/<lang>/<area>.json, flat
// objects of key to text. A key defined twice in one language is an error.
func Load() (*Catalogue, error) {
	c := &Catalogue{msgs: map[Lang]map[string]string{}}
	for _, l := range Langs {
		c.msgs[l] = map[string]string{}
		dir := path.Join("locales", string(l))
		entries, err := fs.ReadDir(localeFS, dir)
		if err != nil {
			return nil, fmt.Errorf("catalogue %s: %w", l, err)
		}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".json") {
				continue
			}
			b, err := fs.ReadFile(localeFS, path.Join(dir, e.Name()))
			if err != nil {
				return nil, err
			}
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("catalogue %s/%s: %w", l, e.Name(), err)
			}
			for k, v := range m {
				if _, dup := c.msgs[l][k]; dup {
					return nil, fmt.Errorf("catalogue %s: key %q defined twice", l, k)
				}
				c.msgs[l][k] = v
			}
		}
	}
	return c, nil
}

// Missing lists, per language, the keys some other language has and it lacks.
func (c *Catalogue) Missing() map[Lang][]string {
	all := map[string]bool{}
	for _, m := range c.msgs {
		for k := range m {
			all[k] = true
		}
	}
	out := map[Lang][]string{}
	for _, l := range Langs {
		for k := range all {
			if v, ok := c.msgs[l][k]; !ok || strings.TrimSpace(v) == "" {
				out[l] = append(out[l], k)
			}
		}
		sort.Strings(out[l])
	}
	return out
}

// Has reports whether key is defined in the default language.
func (c *Catalogue) Has(key string) bool {
	_, ok := c.msgs[Default][key]
	return ok
}

// Keys lists every key of the default language, sorted.
func (c *Catalogue) Keys() []string {
	keys := make([]string, 0, len(c.msgs[Default]))
	for k := range c.msgs[Default] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// T returns the message for key in lang, with {name} placeholders replaced
// from args given as name, value pairs. An unknown key shows as [key] so
// that it is visible, and the catalogue test fails on it.
func (c *Catalogue) T(lang Lang, key string, args ...any) string {
	msg, ok := c.msgs[lang][key]
	if !ok {
		msg, ok = c.msgs[Default][key]
	}
	if !ok {
		return "[" + key + "]"
	}
	if len(args) == 0 {
		return msg
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}
