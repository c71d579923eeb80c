package i18n

// Fallback is the one order in which a stored text is looked for when it is
// missing in the reader's language: English (the language most readers of
// another language share), then Albanian (the portal's default, required
// for every call), then Serbian. Every text stored in the three languages
// (calls, documents, grids, screening points, letters, reports, donor
// formats) is shown through Pick, so a reader sees the same words for one
// object on every page and in every document.
var Fallback = [...]Lang{EN, SQ, SR}

// Text is a text stored in each language; any of them may be empty.
type Text struct{ SQ, EN, SR string }

// In is the text as shown to a reader of lang. A reader of sr-Cyrl sees
// the Serbian text transliterated to Cyrillic (its Lang is then sr-Cyrl);
// a fallback text in another language is shown as stored.
func (t Text) In(lang Lang) Shown {
	for _, l := range append([]Lang{lang.Base()}, Fallback[:]...) {
		if v := t.get(l); v != "" {
			if l == lang.Base() && lang.Cyrillic() {
				return Shown{Text: ToCyrillic(v), Lang: lang, Reader: lang}
			}
			return Shown{Text: v, Lang: l, Reader: lang}
		}
	}
	return Shown{Lang: lang, Reader: lang}
}

func (t Text) get(l Lang) string {
	switch l {
	case SQ:
		return t.SQ
	case EN:
		return t.EN
	case SR:
		return t.SR
	}
	return ""
}

// Pick is the text among sq, en and sr that a reader of lang sees: the
// reader's language, else the first non-empty one in Fallback order.
func Pick(lang Lang, sq, en, sr string) Shown { return Text{SQ: sq, EN: en, SR: sr}.In(lang) }

// Shown is a stored text as shown to a reader: its words, the language they
// are in and the reader's language.
type Shown struct {
	Text   string
	Lang   Lang // the language of Text
	Reader Lang // the language of the page or document
}

// String is the text itself, so templates and fmt print the words.
func (s Shown) String() string { return s.Text }

// Foreign reports whether the text is in another language than the
// reader's (a fallback); a page then marks the element with lang=Lang
// (WCAG 3.1.2, language of parts).
func (s Shown) Foreign() bool { return s.Text != "" && s.Lang != s.Reader }
