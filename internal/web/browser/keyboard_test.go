package browser

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// focusInfo describes document.activeElement.
type focusInfo struct {
	Tag, ID, Class, Name, Text string
	InViewport, Indicator      bool
}

// focused reads document.activeElement: what it is, whether it is shown
// (more than a pixel, inside the viewport, not covered at its centre) and
// whether it shows a focus indicator.
func (b *tab) focused() focusInfo {
	b.t.Helper()
	var f focusInfo
	b.js(`(() => {
		const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
		return {Tag: e.tagName.toLowerCase(), ID: e.id, Class: e.className, Name: e.getAttribute("name") || "",
			Text: e.textContent.trim().slice(0, 40),
			InViewport: r.width > 1 && r.height > 1 && r.top >= 0 && r.left >= 0 &&
				r.bottom <= innerHeight && r.right <= innerWidth &&
				e.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)),
			Indicator: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none"};
	})()`, &f)
	return f
}

// pressTab presses Tab and returns the newly focused element, which must show
// a focus indicator (WCAG 2.4.7).
func (b *tab) pressTab() focusInfo {
	b.t.Helper()
	b.do("press Tab", chromedp.KeyEvent(kb.Tab))
	f := b.focused()
	if f.Tag != "body" && !f.Indicator {
		b.t.Errorf("%s: focused <%s id=%q class=%q> %q shows no focus indicator", b.path(), f.Tag, f.ID, f.Class, f.Text)
	}
	return f
}

// tabTo presses Tab until the element with id has focus (at most 30 times).
func (b *tab) tabTo(id string) {
	b.t.Helper()
	for range 30 {
		if b.pressTab().ID == id {
			return
		}
	}
	b.t.Fatalf("%s: Tab never reached #%s", b.path(), id)
}

// The skip link comes first and works, and signing in needs only the keyboard.
func TestKeyboardOnly(t *testing.T) {
	h := newHarness(t)
	b := h.tab(t)
	b.openOK("/login")
	b.switchLanguage(i18n.EN)

	// The switcher's POST leaves focus behind; a fresh load starts at the top.
	b.openOK("/login")
	first := b.pressTab()
	if first.Tag != "a" || first.Class != "skip-link" {
		t.Fatalf("first Tab focuses <%s class=%q> %q, want the skip link", first.Tag, first.Class, first.Text)
	}
	if !first.InViewport {
		t.Errorf("skip link is focused but not visible in the viewport")
	}
	b.do("activate the skip link", chromedp.KeyEvent(kb.Enter))
	if f := b.focused(); f.ID != "main" {
		t.Errorf("after the skip link, focus is on <%s id=%q>, want main", f.Tag, f.ID)
	}

	email := b.controlByLabel(h.T(i18n.EN, "login.email"))
	pass := b.controlByLabel(h.T(i18n.EN, "login.password"))
	b.tabTo(email)
	b.do("type e-mail", chromedp.KeyEvent(string(webtest.ProgramOfficer)+"@test.example"))
	b.tabTo(pass)
	b.do("type password", chromedp.KeyEvent(webtest.Password))
	if f := b.pressTab(); f.Tag != "button" {
		t.Errorf("Tab after the password focuses <%s> %q, want the sign-in button", f.Tag, f.Text)
	}
	if got := b.follow("press Enter on the button", chromedp.KeyEvent(kb.Enter)); got != 200 {
		t.Fatalf("sign in: status %d", got)
	}
	b.wantPath("/home")
}
