package browser

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// tab is one browser tab in its own browser context (its own cookies), so
// subtests never share a session. Every helper fails the test on error.
type tab struct {
	t   *testing.T
	h   *harness
	ctx context.Context
}

// tab opens a tab that closes at the end of t. Each step must finish
// within stepTimeout and the whole tab within tabTimeout, so a hang fails
// instead of blocking.
func (h *harness) tab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(h.browser, chromedp.WithNewBrowserContext())
	tctx, tcancel := context.WithTimeout(ctx, tabTimeout)
	t.Cleanup(func() { tcancel(); cancel() })
	if err := chromedp.Do(tctx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return &tab{t: t, h: h, ctx: tctx}
}

// run runs one action within stepTimeout and fails the test on error.
func run[T any](b *tab, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// call sends one DevTools command within stepTimeout.
func call[P, R any](b *tab, what string, cmd cdp.Command[P, R], params P) R {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	r, err := chromedp.Call(ctx, cmd, params)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return r
}

// disableJS turns script execution off in the tab, for every page it loads.
func (b *tab) disableJS() {
	b.t.Helper()
	call(b, "disable JavaScript", emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
}

func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	run(b, what, chromedp.Steps(steps...))
}

// follow runs an action that loads a page (a click, Enter in a form) and
// returns the final status after redirects.
func (b *tab) follow(what string, a chromedp.Action[chromedp.Void]) int64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	if resp == nil {
		b.t.Fatalf("%s: no response", what)
	}
	return resp.Status
}

// open loads path and returns the status.
func (b *tab) open(path string) int64 {
	b.t.Helper()
	return b.follow("open "+path, chromedp.Navigate(b.h.base+path))
}

// openOK loads path and fails unless it answers 200 at that same path.
func (b *tab) openOK(path string) {
	b.t.Helper()
	if got := b.open(path); got != 200 {
		b.t.Fatalf("GET %s: status %d, want 200", path, got)
	}
	b.wantPath(path)
}

// path is the path of the page shown, without query or fragment.
func (b *tab) path() string {
	b.t.Helper()
	loc := run(b, "location", chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatalf("location %q: %v", loc, err)
	}
	return u.Path
}

func (b *tab) wantPath(want string) {
	b.t.Helper()
	if got := b.path(); got != want {
		b.t.Fatalf("page is %s, want %s", got, want)
	}
}

// attr reads an attribute of the first element matching css, through the
// DOM domain only, so it works with JavaScript off.
func (b *tab) attr(css, name string) (string, bool) {
	b.t.Helper()
	r := run(b, "attribute "+name+" of "+css, chromedp.AttributeValue(chromedp.CSS(css), name))
	return r.Value, r.Exists
}

// count is how many elements match css (DOM domain only).
func (b *tab) count(css string) int {
	b.t.Helper()
	ids := run(b, "query "+css, chromedp.QueryNodeIDs(chromedp.CSSAll(css), chromedp.AtLeast(0)))
	return len(ids)
}

func (b *tab) wantLang(want i18n.Lang) {
	b.t.Helper()
	if got, _ := b.attr("html", "lang"); got != string(want) {
		b.t.Errorf("%s: <html lang=%q>, want %q", b.path(), got, want)
	}
}

// js evaluates a JavaScript expression and decodes its JSON value into out.
func (b *tab) js(expr string, out any) {
	b.t.Helper()
	raw := run(b, "evaluate "+expr, chromedp.Evaluate[string]("JSON.stringify("+expr+")"))
	if err := json.Unmarshal([]byte(raw), out); err != nil {
		b.t.Fatalf("evaluate %s: decode %q: %v", expr, raw, err)
	}
}

// switchLanguage presses the switcher's button for lang: a plain POST form.
func (b *tab) switchLanguage(lang i18n.Lang) {
	b.t.Helper()
	before := b.path()
	sel := chromedp.CSS(`nav.langs button[name="lang"][value="` + string(lang) + `"]`)
	if got := b.follow("switch to "+string(lang), chromedp.Click(sel)); got != 200 {
		b.t.Fatalf("switch to %s: status %d", lang, got)
	}
	b.wantPath(before)
	b.wantLang(lang)
	if v, ok := b.attr(`nav.langs button[value="`+string(lang)+`"]`, "aria-current"); !ok || v != "true" {
		b.t.Errorf("switcher: button %s lacks aria-current=true after switching", lang)
	}
}

// controlByLabel finds the form control whose <label> reads exactly text,
// as a sighted user or a screen reader does, and returns its id.
func (b *tab) controlByLabel(text string) string {
	b.t.Helper()
	q, _ := json.Marshal(text)
	var id string
	b.js(`(() => { const l = [...document.querySelectorAll("label")].find(l => l.textContent.trim() === `+string(q)+`);
		return l && l.control ? l.control.id : ""; })()`, &id)
	if id == "" {
		b.t.Fatalf("%s: no control labelled %q", b.path(), text)
	}
	return id
}

// typeLogin types p's e-mail and password into the fields labelled in
// lang, then presses Enter in the password field; it returns the status.
func (b *tab) typeLogin(p webtest.Principal, password string, lang i18n.Lang) int64 {
	b.t.Helper()
	email := b.controlByLabel(b.h.T(lang, "login.email"))
	pass := b.controlByLabel(b.h.T(lang, "login.password"))
	b.do("type e-mail", chromedp.SendKeys(chromedp.ID(email), string(p)+"@test.example"))
	b.do("type password", chromedp.SendKeys(chromedp.ID(pass), password))
	return b.follow("press Enter", chromedp.KeyEvent(kb.Enter))
}
