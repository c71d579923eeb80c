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
	"sync"
)

// Lang is a supported interface language.
type Lang string

// The supported languages; SQ is the default. SRCyrl is Serbian in
// Cyrillic script: a reader's choice, never a stored language. Its messages
// and stored texts are the Serbian (Latin) ones transliterated on output.
const (
	SQ     Lang = "sq"
	EN     Lang = "en"
	SR     Lang = "sr"
	SRCyrl Lang = "sr-Cyrl"
)

// Langs lists the languages the catalogue and stored texts are kept in.
var Langs = []Lang{SQ, EN, SR}

// Choices lists the languages a reader may choose, in the order the
// switcher shows them: the stored ones and Serbian in Cyrillic script.
var Choices = []Lang{SQ, EN, SR, SRCyrl}

// Default is the language of visitors who have chosen none.
const Default = SQ

// ParseLang accepts a language a reader may choose (case-insensitive,
// "sr-cyrl" or "sr_Cyrl" meaning sr-Cyrl) and returns its canonical code.
func ParseLang(s string) (Lang, bool) {
	s = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
	for _, l := range Choices {
		if strings.ToLower(string(l)) == s {
			return l, true
		}
	}
	return Default, false
}

// Base is the stored language whose texts a reader of l sees: Serbian for
// both scripts, otherwise l itself.
func (l Lang) Base() Lang {
	if l == SRCyrl {
		return SR
	}
	return l
}

// Cyrillic reports whether texts for l are transliterated to Cyrillic.
func (l Lang) Cyrillic() bool { return l == SRCyrl }

// Script returns s as a reader of l sees it: transliterated to Cyrillic for
// sr-Cyrl, unchanged otherwise.
func (l Lang) Script(s string) string {
	if l.Cyrillic() {
		return ToCyrillic(s)
	}
	return s
}

//go:embed locales
var localeFS embed.FS

// Catalogue holds every message in every language.
type Catalogue struct {
	msgs map[Lang]map[string]string
	cyr  sync.Map // key -> the Serbian message in Cyrillic script
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

// Missing lists, per language, the keys some other language has and it
// lacks. A plural message (key#category) counts as one key: each language
// must hold exactly the categories its CLDR rules use, so a missing one is
// listed as key#category and a superfluous one as key#category (unused).
func (c *Catalogue) Missing() map[Lang][]string {
	all, plurals := map[string]bool{}, map[string]bool{}
	for _, m := range c.msgs {
		for k := range m {
			if base, _, ok := pluralBase(k); ok {
				plurals[base] = true
				continue
			}
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
		forms := PluralForms(l)
		for base := range plurals {
			for _, f := range forms {
				if v, ok := c.msgs[l][base+pluralSep+f]; !ok || strings.TrimSpace(v) == "" {
					out[l] = append(out[l], base+pluralSep+f)
				}
			}
		}
		for k := range c.msgs[l] {
			if _, f, ok := pluralBase(k); ok && !contains(forms, f) {
				out[l] = append(out[l], k+" (unused)")
			}
		}
		sort.Strings(out[l])
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Has reports whether key is defined in the default language, as a
// message or as a plural message (key#other).
func (c *Catalogue) Has(key string) bool {
	_, ok := c.msgs[Default][key]
	if !ok {
		_, ok = c.msgs[Default][key+pluralSep+"other"]
	}
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
//
// For sr-Cyrl the Serbian message is transliterated (its placeholders
// kept) before the arguments, which are user content or already formatted
// for the reader, are put in.
func (c *Catalogue) T(lang Lang, key string, args ...any) string {
	msg, ok := c.msgs[lang.Base()][key]
	if ok && lang.Cyrillic() {
		if v, hit := c.cyr.Load(key); hit {
			msg = v.(string)
		} else {
			msg = ToCyrillic(msg)
			c.cyr.Store(key, msg)
		}
	} else if !ok {
		msg, ok = c.msgs[Default][key]
	}
	if !ok {
		return "[" + key + "]"
	}
	return fill(msg, args)
}

// fill replaces {name} placeholders from name, value pairs.
func fill(msg string, args []any) string {
	if len(args) == 0 {
		return msg
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}
