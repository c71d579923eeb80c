package web

import (
	"sort"
	"strings"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/i18n"
)

// Form carries the submitted values and the field errors of one form, so a
// refused form is shown again with what the person typed (422).
type Form struct {
	Values map[string]string
	Errors apperr.FieldErrors
	Order  []string // field names in page order, for the error summary
	// Named names a field in the error summary where its message alone
	// would not say which one it is ("Line 3, Units" in a grid).
	Named map[string]string
	page  *Page
}

// newForm attaches an empty form to a page.
func newForm(p *Page, order ...string) *Form {
	f := &Form{Values: map[string]string{}, Errors: apperr.FieldErrors{}, Order: order, page: p}
	p.Form = f
	return f
}

// HasErrors reports whether any field has an error.
func (f *Form) HasErrors() bool { return len(f.Errors) > 0 }

// SummaryItem links the error summary to a field.
type SummaryItem struct{ ID, Message string }

// Summary lists the field errors in page order.
func (f *Form) Summary() []SummaryItem {
	var out []SummaryItem
	seen := map[string]bool{}
	for _, name := range f.Order {
		if key, ok := f.Errors[name]; ok {
			out = append(out, SummaryItem{ID: fieldID(name), Message: f.named(name, f.page.T(key))})
			seen[name] = true
		}
	}
	var rest []string
	for name := range f.Errors {
		if !seen[name] {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	for _, name := range rest {
		out = append(out, SummaryItem{ID: fieldID(name), Message: f.named(name, f.page.T(f.Errors[name]))})
	}
	return out
}

func (f *Form) named(name, msg string) string {
	if n, ok := f.Named[name]; ok {
		return n + ": " + msg
	}
	return msg
}

// setError merges an error from the domain into the form's field errors;
// a non-field error goes on the "form" pseudo-field.
func (f *Form) setError(err error) {
	e := apperr.As(err)
	if len(e.Fields) == 0 {
		f.Errors.Add("form", e.Key)
		return
	}
	for k, v := range e.Fields {
		f.Errors.Add(k, v)
	}
}

// FieldView is everything the input and select partials need.
type FieldView struct {
	ID, Name, Type, Label, Hint, Value, Error, ErrorPrefix, Autocomplete string
	Required                                                             bool
	Options                                                              []OptionView
}

// OptionView is one option of a select.
type OptionView struct {
	Value, Label string
	Lang         i18n.Lang // set when Label is a stored text in another language than the page's
	Selected     bool
}

// shownOption is an option labelled with a stored text (i18n.Pick's
// choice), carrying its lang when that is not the page's.
func shownOption(value string, label i18n.Shown, selected bool) OptionView {
	o := OptionView{Value: value, Label: label.Text, Selected: selected}
	if label.Foreign() {
		o.Lang = label.Lang
	}
	return o
}

// Describedby joins the ids of the hint and the error for aria-describedby.
func (v FieldView) Describedby() string {
	var ids []string
	if v.Hint != "" {
		ids = append(ids, v.ID+"-hint")
	}
	if v.Error != "" {
		ids = append(ids, v.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// Field builds the view of one input: name, type, label key, then options
// "hint=key", "autocomplete=x", "required".
func (f *Form) Field(name, typ, labelKey string, opts ...string) FieldView {
	v := FieldView{ID: fieldID(name), Name: name, Type: typ, Label: f.page.T(labelKey), Value: f.Values[name],
		ErrorPrefix: f.page.T("form.error_prefix")}
	if key, ok := f.Errors[name]; ok {
		v.Error = f.page.T(key)
	}
	for _, o := range opts {
		k, val, _ := strings.Cut(o, "=")
		switch k {
		case "hint":
			v.Hint = f.page.T(val)
		case "autocomplete":
			v.Autocomplete = val
		case "required":
			v.Required = true
		}
	}
	return v
}

// Select builds the view of a select from value/label-key pairs.
func (f *Form) Select(name, labelKey string, pairs ...string) FieldView {
	v := f.Field(name, "select", labelKey)
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Options = append(v.Options, OptionView{Value: pairs[i], Label: f.page.T(pairs[i+1]), Selected: f.Values[name] == pairs[i]})
	}
	return v
}

func fieldID(name string) string { return "f-" + strings.ReplaceAll(name, "_", "-") }
