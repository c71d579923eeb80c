package importer

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/invisible"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/place"
)

// checker checks the rows of one file against the rules that need no
// database; lang is the language of invitations whose row names none.
type checker struct {
	cat   *i18n.Catalogue
	lang  i18n.Lang
	now   time.Time
	pos   map[string]int
	probs []Problem

	kinds, langs map[string]string // see words
}

func (c *checker) cell(l line, key string) string { return l.cell(c.pos[key] - 1) }

func (c *checker) add(l line, key, msg string, args ...any) {
	c.probs = append(c.probs, Problem{Row: l.n, Col: c.pos[key], Column: key, Key: msg, Args: args})
}

// fields adds the field errors fe of row l, their names mapped to columns.
func (c *checker) fields(l line, fe apperr.FieldErrors, names map[string]string) {
	for _, col := range orgColumns {
		for field, key := range names {
			if key == col.Key && fe[field] != "" {
				c.add(l, col.Key, fe[field])
			}
		}
	}
}

// orgFields maps the profile's field names to the columns.
var orgFields = map[string]string{
	"legal_name": "name", "acronym": "acronym", "registration_number": "registration_number",
	"fiscal_number": "fiscal_number", "address": "address", "email": "email", "phone": "phone",
	"iban": "iban", "rep_name": "rep_name", "rep_position": "rep_position",
}

// org checks one organisation row with the profile's own rules.
func (c *checker) org(l line) (Org, bool) {
	before := len(c.probs)
	o := Org{Row: l.n, Name: c.cell(l, "name"), Kind: c.cell(l, "kind"), ContactName: c.cell(l, "contact_name"),
		ContactEmail: c.cell(l, "contact_email")}
	in := org.Input{LegalName: o.Name, Acronym: c.cell(l, "acronym"), RegistrationNumber: c.cell(l, "registration_number"),
		FiscalNumber: c.cell(l, "fiscal_number"), Address: c.cell(l, "address"), Email: c.cell(l, "email"),
		Phone: c.cell(l, "phone"), IBAN: c.cell(l, "iban"), RepName: c.cell(l, "rep_name"), RepPosition: c.cell(l, "rep_position")}
	c.required(l, Organisations)
	fe := in.Validate(c.now)
	if o.Name == "" {
		delete(fe, "legal_name") // said once, by required
	}
	c.fields(l, fe, orgFields)
	if o.Kind != "" {
		if o.Kind = c.orgKind(o.Kind); o.Kind == "" {
			c.add(l, "kind", "import.error.kind")
		}
	}
	if m := c.cell(l, "municipality"); m != "" {
		code, key := municipality(m)
		if key != "" {
			c.add(l, "municipality", key)
		}
		o.Municipality = code
	}
	c.person(l, "contact_name", "contact_email", o.ContactName, o.ContactEmail)
	o.ContactLang = c.language(l, "contact_lang")
	o.Acronym, o.RegistrationNumber, o.FiscalNumber = in.Acronym, in.RegistrationNumber, in.FiscalNumber
	o.Address, o.Email, o.Phone, o.IBAN, o.RepName, o.RepPosition = in.Address, in.Email, in.Phone, in.IBAN, in.RepName, in.RepPosition
	return o, len(c.probs) == before
}

// evaluator checks one evaluator row.
func (c *checker) evaluator(l line) (Evaluator, bool) {
	before := len(c.probs)
	e := Evaluator{Row: l.n, Name: c.cell(l, "name"), Email: c.cell(l, "email")}
	c.required(l, Evaluators)
	c.person(l, "name", "email", e.Name, e.Email)
	e.Lang = c.language(l, "lang")
	return e, len(c.probs) == before
}

func (c *checker) required(l line, k Kind) {
	for _, col := range k.Columns() {
		if col.Required && c.pos[col.Key] != 0 && c.cell(l, col.Key) == "" {
			c.add(l, col.Key, "import.error.required")
		}
	}
}

// person checks the name and e-mail of someone who gets an account.
func (c *checker) person(l line, nameCol, emailCol, name, email string) {
	if name != "" {
		fe := apperr.FieldErrors{}
		if utf8.RuneCountInString(name) > auth.MaxNameRunes {
			fe.Add(nameCol, "import.error.too_long")
		}
		invisible.Check(fe, nameCol, name)
		if strings.ContainsAny(name, "\x00\r\n") {
			fe.Add(nameCol, "org.error.control")
		}
		if k := fe[nameCol]; k != "" {
			c.add(l, nameCol, k)
		}
	}
	if email != "" && !auth.ValidEmail(email) {
		c.add(l, emailCol, "import.error.email")
	}
}

// words maps the folded words a file may use for kinds and languages
// to their keys: a kind's key or its name in any language, a language's
// code, its own name ("Shqip") or its name in any language.
func words(cat *i18n.Catalogue) (kinds, langs map[string]string) {
	kinds, langs = map[string]string{}, map[string]string{}
	for _, k := range org.ApplicantKinds {
		kinds[k] = k
		for _, l := range i18n.Langs {
			kinds[fold(cat.T(l, "auth.org_kind."+k))] = k
			kinds[fold(cat.T(l, "import.kind."+k))] = k
		}
	}
	for _, lg := range i18n.Langs {
		langs[string(lg)] = string(lg)
		langs[fold(cat.T(lg, "lang.self"))] = string(lg)
		for _, l := range i18n.Langs {
			langs[fold(cat.T(l, "import.lang."+string(lg)))] = string(lg)
		}
	}
	return kinds, langs
}

// orgKind accepts a kind's key or its name in any language.
func (c *checker) orgKind(s string) string { return c.kinds[fold(s)] }

// language accepts a language's code or name; an empty cell is the
// importer's language.
func (c *checker) language(l line, col string) string {
	s := c.cell(l, col)
	if s == "" {
		return string(c.lang.Base())
	}
	if lg, ok := c.langs[fold(s)]; ok {
		return lg
	}
	c.add(l, col, "import.error.lang")
	return ""
}

// municipalityNames maps every municipality's folded name, in each
// language, to the codes it names (more than one when ambiguous); built
// once from the reference list.
var municipalityNames = func() map[string][]string {
	out := map[string][]string{}
	for _, m := range place.Municipalities("") {
		for _, n := range []string{m.SQ, m.EN, m.SR} {
			f := fold(n)
			if !slices.Contains(out[f], m.Code) {
				out[f] = append(out[f], m.Code)
			}
		}
	}
	return out
}()

// municipality finds a municipality by its code or its name in any
// language; the catalogue key of the problem when none or several fit.
func municipality(s string) (string, string) {
	if code := strings.ToUpper(strings.TrimSpace(s)); place.Valid(code) {
		return code, ""
	}
	switch codes := municipalityNames[fold(s)]; len(codes) {
	case 0:
		return "", "import.error.municipality"
	case 1:
		return codes[0], ""
	}
	return "", "import.error.municipality_ambiguous"
}
