package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/templates"
)

// pageTemplates holds one parsed template set per page (layout + partials +
// page), parsed once at start so a broken template stops the server early.
type pageTemplates map[string]*template.Template

func parseTemplates() (pageTemplates, error) {
	shared := []string{"layouts/base.html"}
	partials, err := fs.Glob(templates.FS, "partials/*.html")
	if err != nil {
		return nil, err
	}
	shared = append(shared, partials...)
	pages, err := fs.Glob(templates.FS, "pages/*/*.html")
	if err != nil {
		return nil, err
	}
	out := pageTemplates{}
	for _, p := range pages {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "pages/"), ".html")
		t, err := template.New(path.Base(p)).Funcs(templateFuncs).ParseFS(templates.FS, append(shared, p)...)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// templateFuncs are pure helpers; anything that needs the language is a
// method of Page.
var templateFuncs = template.FuncMap{
	"add":      func(a, b int) int { return a + b },
	"inLang":   inLang,
	"langAttr": langAttr,
	"div100":   func(bp int64) int64 { return bp / 100 },                         // basis points to whole percent
	"dash":     func(s string) string { return strings.ReplaceAll(s, "_", "-") }, // a field name as in fieldID
}

// inLang writes a stored text (i18n.Pick's choice for the page's language)
// escaped, inside <span lang="xx"> when it fell back to another language
// than the page's (WCAG 3.1.2, language of parts). Where a span cannot go
// (an option, a heading of its own) use langAttr on the element instead.
func inLang(s i18n.Shown) template.HTML {
	t := template.HTMLEscapeString(s.Text)
	if !s.Foreign() {
		return template.HTML(t)
	}
	return template.HTML(`<span lang="` + string(s.Lang) + `">` + t + `</span>`)
}

// langAttr is ` lang="xx"` for an element whose whole content is a text
// shown in another language than the page's, else nothing:
// <option value="1"{{langAttr .Label}}>{{.Label}}</option>.
func langAttr(s i18n.Shown) template.HTMLAttr {
	if !s.Foreign() {
		return ""
	}
	return template.HTMLAttr(` lang="` + string(s.Lang) + `"`)
}

// render writes a page with a status, rendered into a buffer first so that
// a template error becomes a clean 500 instead of half a page.
func (s *Server) render(c *gin.Context, status int, page string, p *Page) {
	t, ok := s.pages[page]
	if !ok {
		s.fail(c, fmt.Errorf("no template %q", page))
		return
	}
	p.Crumbs = p.trail(c, page)
	p.Help = s.pageHelp(page, p.Lang)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", p); err != nil {
		s.fail(c, fmt.Errorf("render %s: %w", page, err))
		return
	}
	out := buf.Bytes()
	if p.Help != "" {
		var hb bytes.Buffer
		if err := t.ExecuteTemplate(&hb, "page_help", p); err != nil {
			s.fail(c, fmt.Errorf("render %s help: %w", page, err))
			return
		}
		out = insertUnderHeading(out, hb.Bytes())
	}
	c.Data(status, "text/html; charset=utf-8", out)
}

// insertUnderHeading puts the layout's help block right after the page's
// first heading inside <main> (the heading is the page template's own), or
// at the start of <main> when the page has no h1.
func insertUnderHeading(page, help []byte) []byte {
	m := bytes.Index(page, []byte("<main"))
	if m < 0 {
		return page
	}
	at := -1
	if h := bytes.Index(page[m:], []byte("</h1>")); h >= 0 {
		at = m + h + len("</h1>")
	} else if e := bytes.IndexByte(page[m:], '>'); e >= 0 {
		at = m + e + 1
	}
	if at < 0 {
		return page
	}
	out := make([]byte, 0, len(page)+len(help)+1)
	out = append(out, page[:at]...)
	out = append(out, '\n')
	out = append(out, help...)
	return append(out, page[at:]...)
}

// HelpKey is the catalogue key of a page template's help text:
// help.<template path with dots>, e.g. help.applications.view.
func HelpKey(page string) string { return "help." + strings.ReplaceAll(page, "/", ".") }

// pageHelp is the help text the layout shows under the page's heading, or
// "" when the page template carries its own help paragraph (class="help")
// or the catalogue has no help for it.
func (s *Server) pageHelp(page string, lang i18n.Lang) string {
	if ownHelp()[page] || !s.cat.Has(HelpKey(page)) {
		return ""
	}
	return s.cat.T(lang, HelpKey(page))
}

// ownHelp lists the page templates that write their own help paragraph,
// read once from the embedded templates, so that no page shows two.
var ownHelp = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	pages, _ := fs.Glob(templates.FS, "pages/*/*.html")
	for _, p := range pages {
		b, err := fs.ReadFile(templates.FS, p)
		if err == nil && bytes.Contains(b, []byte(`class="help"`)) {
			out[strings.TrimSuffix(strings.TrimPrefix(p, "pages/"), ".html")] = true
		}
	}
	return out
})

// Page is the data every page template receives.
type Page struct {
	Lang      i18n.Lang
	Title     string
	Path      string
	Flash     string
	RequestID string
	User      *userView
	Form      *Form
	Data      any     // the page's own typed struct
	Refresh   int     // seconds after which the page reloads itself (0: never), for pages that follow a background job
	Crumbs    []Crumb // the breadcrumb trail (kernel_crumbs.go), set by render
	Help      string  // the page's help text (help.<template>), set by render; the layout shows it under the heading
	Unread    int     // the signed-in user's unread notifications, for the header (kernel_unread.go)

	cat   *i18n.Catalogue
	can   func(obj, act string) bool
	langs []i18n.Lang
	steps []Crumb // breadcrumb steps handlers add (Step, StepText)
}

// userView is what templates may know of the signed-in user.
type userView struct {
	ID    int64
	Name  string
	Email string
	Role  string
}

// T translates a catalogue key.
func (p *Page) T(key string, args ...any) string { return p.cat.T(p.Lang, key, args...) }

// N translates a plural catalogue message (key#one, key#few, key#other...)
// for the count n, by the CLDR rules of the page's language; {n} is the
// count formatted for the reader.
func (p *Page) N(key string, n any, args ...any) string {
	return p.cat.N(p.Lang, key, toInt64(n), args...)
}

// toInt64 accepts the integer types templates pass as counts.
func toInt64(n any) int64 {
	switch v := n.(type) {
	case int:
		return int64(v)
	case int64:
		return v
	case int32:
		return int64(v)
	case uint:
		return int64(v)
	case uint64:
		return int64(v)
	}
	return 0
}

// TShown translates a catalogue key whose arguments may be stored texts
// (i18n.Shown): the sentence is escaped and each such text is written as
// inLang writes it, so a fallback inside a sentence carries its lang.
func (p *Page) TShown(key string, args ...any) template.HTML {
	var shown []i18n.Shown
	for i := 1; i < len(args); i += 2 {
		if s, ok := args[i].(i18n.Shown); ok {
			args[i] = "\ue000" + strconv.Itoa(len(shown)) + "\ue001" // private-use marks, kept by escaping
			shown = append(shown, s)
		}
	}
	out := template.HTMLEscapeString(p.T(key, args...))
	for i, s := range shown {
		out = strings.Replace(out, "\ue000"+strconv.Itoa(i)+"\ue001", string(inLang(s)), 1)
	}
	return template.HTML(out)
}

// Money formats minor units of a currency for the page's language.
func (p *Page) Money(minor int64, currency string) string { return i18n.Money(p.Lang, minor, currency) }

// Date formats a day for the page's language.
func (p *Page) Date(t time.Time) string { return i18n.Date(p.Lang, t) }

// Number formats an integer for the page's language.
func (p *Page) Number(n int64) string { return i18n.Number(p.Lang, n) }

// Can reports whether the user may do act on obj (to show or hide links;
// the route table still decides).
func (p *Page) Can(obj, act string) bool { return p.can != nil && p.can(obj, act) }

// LangChoice is one entry of the language switcher.
type LangChoice struct {
	Code    string
	Name    string
	Current bool
}

// LangChoices lists the languages, each named in itself.
func (p *Page) LangChoices() []LangChoice {
	out := make([]LangChoice, 0, len(p.langs))
	for _, l := range p.langs {
		out = append(out, LangChoice{Code: string(l), Name: p.cat.T(l, "lang.self"), Current: l == p.Lang})
	}
	return out
}

// newPage builds the common page data for a request.
func (s *Server) newPage(c *gin.Context, titleKey string) *Page {
	lang := s.lang(c)
	p := &Page{
		Lang:      lang,
		Path:      c.Request.URL.Path,
		RequestID: requestID(c),
		cat:       s.cat,
		langs:     i18n.Choices,
	}
	p.Title = s.cat.T(lang, titleKey)
	if u := currentUser(c); u != nil {
		p.User = &userView{ID: u.ID, Name: u.Name, Email: u.Email, Role: string(u.Role)}
		p.Unread = s.unreadOf(c, u.ID)
		role := string(u.Role)
		p.can = func(obj, act string) bool {
			_, err := s.authz.Scope(role, obj, act)
			return err == nil
		}
	}
	if key := s.takeFlash(c); key != "" && s.cat.Has(key) {
		p.Flash = s.cat.T(lang, key)
	}
	return p
}

// renderStatusPage renders a short page for an error status.
func (s *Server) renderStatusPage(c *gin.Context, status int, titleKey, bodyKey string) {
	p := s.newPage(c, titleKey)
	p.Data = statusData{Body: p.T(bodyKey)}
	s.render(c, status, "errors/status", p)
}

type statusData struct{ Body string }

// htmlError writes a minimal page when even the template set may be at fault.
func htmlError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html><html lang=\"sq\"><head><meta charset=\"utf-8\"><title>%d</title></head><body><main><h1>%d</h1><p>%s</p></main></body></html>",
		status, status, template.HTMLEscapeString(msg))
}
