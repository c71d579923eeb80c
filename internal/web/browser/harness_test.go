package browser

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

const (
	defaultChromium = "/usr/bin/chromium"
	axeRelPath      = ".tools/node_modules/axe-core/axe.min.js"
	startTimeout    = 30 * time.Second // Chromium up and answering
	tabTimeout      = 6 * time.Minute  // everything one subtest does in its tab
	stepTimeout     = 20 * time.Second // one action: a page load, an axe run
)

// harness is one portal on a fresh database and one Chromium, shared by
// the subtests of a test; each subtest opens its own tab.
type harness struct {
	env     *webtest.Env
	base    string          // URL of the portal under test
	browser context.Context // parent of every tab
	axe     string          // source of axe.min.js, for tests that call withAxe
	cat     *i18n.Catalogue // to find labels in each language
}

// need skips the test for a missing browser or tool, or fails it when
// REQUIRE_BROWSER=1 says the run must not skip.
func need(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("REQUIRE_BROWSER") == "1" {
		t.Fatalf("%s (REQUIRE_BROWSER=1)", why)
	}
	t.Skip(why)
}

func chromiumPath(t testing.TB) string {
	t.Helper()
	p := os.Getenv("CHROMIUM_PATH")
	if p == "" {
		p = defaultChromium
	}
	if fi, err := os.Stat(p); err != nil || fi.IsDir() {
		need(t, fmt.Sprintf("Chromium not found at %s: install Debian's chromium or set CHROMIUM_PATH", p))
	}
	return p
}

// axeSource reads axe-core from AXE_CORE_JS (set by the Makefile), else
// from .tools/ in the module root.
func axeSource(t testing.TB) string {
	t.Helper()
	p := os.Getenv("AXE_CORE_JS")
	if p == "" {
		p = filepath.Join(moduleRoot(t), axeRelPath)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		need(t, fmt.Sprintf("axe-core not found (%v): run make tools or set AXE_CORE_JS", err))
	}
	return string(b)
}

// moduleRoot is the nearest folder up from the working directory that holds go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// allocatorOptions start Chromium headless with a fresh profile and only
// the flags we chose: chromedp's defaults are left out on purpose.
func allocatorOptions(exe, profile string) []chromedp.ExecAllocatorOption {
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(exe), chromedp.UserDataDir(profile)}
	for _, f := range []string{"headless", "no-sandbox", "disable-gpu", "disable-background-networking",
		"disable-component-update", "no-first-run", "disable-sync", "disable-quic"} {
		opts = append(opts, chromedp.Flag(f, true))
	}
	return opts
}

// newHarness starts the portal and Chromium, or skips (see need).
func newHarness(t *testing.T) *harness {
	t.Helper()
	exe := chromiumPath(t)
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	env := webtest.New(t, dbtest.SQLite(t))
	ts := httptest.NewServer(env.Handler)
	t.Cleanup(ts.Close)

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocatorOptions(exe, t.TempDir())...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	// The first Do binds the browser's life to its context, so the start
	// timeout is a timer, not a context deadline.
	timer := time.AfterFunc(startTimeout, cancelBrowser)
	err = chromedp.Do(browser)
	timer.Stop()
	if err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return &harness{env: env, base: ts.URL, browser: browser, cat: cat}
}

// newAxeHarness is newHarness for tests that run axe-core, which they
// need as much as the browser.
func newAxeHarness(t *testing.T) *harness {
	t.Helper()
	axe := axeSource(t)
	h := newHarness(t)
	h.axe = axe
	return h
}

// T is the text of key in lang, as the portal shows it.
func (h *harness) T(lang i18n.Lang, key string) string { return h.cat.T(lang, key) }
