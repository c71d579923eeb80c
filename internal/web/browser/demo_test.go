package browser

import (
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/demo"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// demoWalkers are the demo logins whose pages are walked: one per role,
// both applicants whose NGOs hold different work, and a visitor ("").
var demoWalkers = []struct{ name, email string }{
	{"visitor", ""},
	{"applicant1", "applicant1@demo.example"},
	{"applicant2", "applicant2@demo.example"},
	{"evaluator1", "evaluator1@demo.example"},
	{"officer", "officer@demo.example"},
	{"finance", "finance@demo.example"},
	{"donor", "donor@demo.example"},
	{"admin", "admin@demo.example"},
}

// Every GET page each demo role reaches from its home page on the seeded
// demo, link by link (at most fitPerKind pages per route pattern,
// fitPerRole per role), fits: it does not scroll sideways at 390 px nor at
// 1366 px with 200 % zoom, and at 1366 px it is at most maxPageHeight
// tall; a wide table scrolls inside its own region, not the page. Every
// page walked passes the language check in Albanian (no catalogue key,
// internal code or other language's sentence outside user content), and
// each route pattern the walks reach passes axe-core and the language
// check in each language a reader may choose: Albanian with every rule,
// then English, Serbian Latin and Serbian Cyrillic (the user's setting, a
// visitor's cookie, switched in the same tab) with the rules whose outcome
// depends on the words (axeRunWords). A pattern is checked by the first
// role to reach it. One Chromium, one tab per role, side by side.
func TestEveryPageFits(t *testing.T) {
	start := time.Now()
	h := newAxeHarness(t)
	if _, err := demo.Seed(t.Context(), h.env.DB, "demo-walk-password", false); err != nil {
		t.Fatalf("seed the demo: %v", err)
	}
	lc := webtest.NewLangCheck(t)
	lc.User = webtest.UserTexts(t, h.env.DB, nil)
	t.Logf("demo seeded in %s", time.Since(start).Round(time.Millisecond))

	var (
		mu      sync.Mutex
		tallest []fitResult
		total   int
		axed    = map[string]bool{} // language + route pattern, once checked by axe
	)
	claim := func(lang i18n.Lang, path string) bool {
		mu.Lock()
		defer mu.Unlock()
		key := string(lang) + " " + fitKind(path)
		if axed[key] {
			return false
		}
		axed[key] = true
		return true
	}
	t.Run("roles", func(t *testing.T) {
		for _, w := range demoWalkers {
			t.Run(w.name, func(t *testing.T) {
				t.Parallel()
				began := time.Now()
				b := h.tab(t)
				b.demoLang(w.email, i18n.SQ)
				res := b.walkFits(func(path string) {
					b.checkLanguage(lc, i18n.SQ, path)
					if claim(i18n.SQ, path) {
						b.checkAxeIn(i18n.SQ, path, axeRun)
					}
				})
				if len(res) < 3 {
					t.Errorf("%s reaches only %d pages", w.name, len(res))
				}
				walked, checked := time.Since(began), 0
				for _, lang := range i18n.Choices[1:] {
					b.demoLang(w.email, lang)
					b.setViewport(desktop)
					for _, r := range res {
						if !claim(lang, r.path) {
							continue
						}
						checked++
						if got := b.open(r.path); got != 200 {
							t.Errorf("%s %s: status %d (200 in sq)", lang, r.path, got)
							continue
						}
						b.checkLanguage(lc, lang, r.path)
						b.checkAxeIn(lang, r.path, axeRunWords)
					}
				}
				t.Logf("%s: %d pages walked in %s; %d checked in the other languages in %s", w.name, len(res),
					walked.Round(time.Millisecond), checked, (time.Since(began) - walked).Round(time.Millisecond))
				mu.Lock()
				defer mu.Unlock()
				total += len(res)
				for _, r := range res {
					tallest = append(tallest, fitResult{w.name + " " + r.path, r.height})
				}
			})
		}
	})
	sort.Slice(tallest, func(i, j int) bool { return tallest[i].height > tallest[j].height })
	for i := 0; i < len(tallest) && i < 8; i++ {
		t.Logf("tall: %6d px  %s", tallest[i].height, tallest[i].path)
	}
	t.Logf("%d pages, %d route patterns × languages checked by axe, in %s", total, len(axed), time.Since(start).Round(time.Millisecond))
	if total < 150 {
		t.Errorf("the walk measured only %d pages", total)
	}
}

// checkLanguage wants the page shown in lang with nothing the language
// check lc finds.
func (b *tab) checkLanguage(lc *webtest.LangCheck, lang i18n.Lang, path string) {
	b.t.Helper()
	b.wantLang(lang)
	var page string
	b.js(`document.documentElement.outerHTML`, &page)
	for _, problem := range lc.Check(lang, page) {
		b.t.Errorf("%s %s: %s", lang, path, problem)
	}
}

// checkAxeIn fails on any violation axe script finds on the page.
func (b *tab) checkAxeIn(lang i18n.Lang, path, script string) {
	b.t.Helper()
	if vs := b.axeWith(script); len(vs) > 0 {
		b.t.Errorf("%s %s: %d axe violations:\n%s", lang, path, len(vs), formatViolations(vs))
	}
}

// demoLang makes the tab read the portal in lang: the demo login email's
// setting (and a session the first time), or a visitor's cookie.
func (b *tab) demoLang(email string, lang i18n.Lang) {
	b.t.Helper()
	if email == "" {
		call(b, "language cookie", network.SetCookie, network.SetCookieParams{
			Name: "portal_lang", Value: string(lang), URL: b.h.base, Path: "/"})
		return
	}
	if lang == i18n.SQ {
		b.signInDemo(email, lang)
		return
	}
	env, ctx := b.h.env, b.t.Context()
	if _, err := db.Exec(ctx, env.DB, `UPDATE users SET lang = ? WHERE email = ?`, string(lang), email); err != nil {
		b.t.Fatal(err)
	}
}
