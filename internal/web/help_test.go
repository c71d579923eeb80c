package web_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web"
	"github.com/subgrant/portal/internal/web/webtest"
	"github.com/subgrant/portal/templates"
)

// Every page template has a short help text: either a catalogue message
// help.<template path with dots> in every language, which the layout shows
// under the page's heading, or a help paragraph of its own (class="help"),
// never both.
func TestEveryPageHasHelp(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	pages, err := fs.Glob(templates.FS, "pages/*/*.html")
	if err != nil || len(pages) < 50 {
		t.Fatalf("found %d page templates (%v): the scan is broken", len(pages), err)
	}
	missing := map[string][]i18n.Lang{} // key: languages lacking it (T would fall back)
	for lang, keys := range cat.Missing() {
		for _, k := range keys {
			missing[k] = append(missing[k], lang)
		}
	}
	withKey := 0
	for _, p := range pages {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "pages/"), ".html")
		b, _ := fs.ReadFile(templates.FS, p)
		own := strings.Contains(string(b), `class="help"`)
		key := web.HelpKey(name)
		switch {
		case own && cat.Has(key):
			t.Errorf("%s has its own help paragraph and %s: one of them is never shown", p, key)
		case !own && !cat.Has(key):
			t.Errorf("%s has no help text: add %s to internal/i18n/locales/*/help.json", p, key)
		case !own:
			withKey++
			if langs := missing[key]; len(langs) > 0 {
				t.Errorf("%s: %s is missing in %v", p, key, langs)
			}
			for _, lang := range i18n.Choices {
				if msg := cat.T(lang, key); msg == "" || strings.HasPrefix(msg, "[") {
					t.Errorf("%s: %s is %q in %s", p, key, msg, lang)
				}
			}
		}
	}
	if withKey < 50 {
		t.Errorf("only %d page templates take their help from the catalogue", withKey)
	}
}

var helpPara = regexp.MustCompile(`<p class="help[^"]*"[^>]*>`)

// The layout shows a page's help once, right under its h1, in the reader's
// language; a page with its own help paragraph shows only that one.
func TestHelpShownUnderHeading(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) { checkHelpUnderHeading(t, webtest.New(t, d)) })
}

func checkHelpUnderHeading(t *testing.T, e *webtest.Env) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		who      webtest.Principal
		path     string
		template string // "" when the page writes its own help
	}{
		{webtest.Anon, "/login", "auth/login"},
		{webtest.Anon, "/register", "register/register"},
		{webtest.Admin, "/admin/users", "admin/users"},
		{webtest.ApplicantA, "/account", "account/account"},
		{webtest.ApplicantA, "/home", ""},
	} {
		for _, lang := range []i18n.Lang{i18n.Default, "en", "sr"} {
			var body string
			if tc.who == webtest.Anon {
				body = e.Do(tc.who, webtest.Request{Path: tc.path, Header: langCookie(tc.who, lang)}).Body.String()
			} else {
				if err := e.Store.SetLang(t.Context(), e.Users[tc.who].ID, string(lang)); err != nil {
					t.Fatal(err)
				}
				body = e.Get(tc.who, tc.path).Body.String()
			}
			if n := len(helpPara.FindAllString(body, -1)); n != 1 {
				t.Errorf("%s %s as %s: %d help paragraphs, want 1", lang, tc.path, tc.who, n)
			}
			if tc.template == "" {
				continue
			}
			want := `</h1>` + "\n" + `<p class="help page-help">` + helpEscape(cat.T(lang, web.HelpKey(tc.template))) + `</p>`
			if !strings.Contains(body, want) {
				t.Errorf("%s %s as %s: help not right under the heading; want %q in\n%s", lang, tc.path, tc.who, want, helpExcerpt(body))
			}
		}
	}
}

func helpEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}

func helpExcerpt(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 600 {
		body = body[:600]
	}
	return body
}
