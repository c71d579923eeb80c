package browser

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/demo"
	"github.com/subgrant/portal/internal/i18n"
)

// guideShot is one screenshot of the README's user guide: the page at
// path, or, with follow, the first link of that page matching the CSS
// selector follow (so that no demo id is written down here).
type guideShot struct {
	file, path, follow string
	narrow             bool // 390 px instead of 1366 px
}

// guideRoles are the demo logins of the user guide and their key pages.
var guideRoles = []struct {
	role, email string
	shots       []guideShot
}{
	{"applicant", "applicant1@demo.example", []guideShot{
		{file: "home", path: "/home"},
		{file: "applications", path: "/applications"},
		{file: "application", path: "/applications", follow: `main table a[href^="/applications/"]`},
		{file: "home-390", path: "/home", narrow: true},
	}},
	{"evaluator", "evaluator1@demo.example", []guideShot{
		{file: "home", path: "/home"},
		{file: "evaluations", path: "/reviews"},
		{file: "declare", path: "/reviews", follow: `main a[href$="/declare"]`},
		{file: "evaluations-390", path: "/reviews", narrow: true},
	}},
	{"program-officer", "officer@demo.example", []guideShot{
		{file: "home", path: "/home"},
		{file: "calls", path: "/manage/calls"},
		{file: "call", path: "/manage/calls", follow: `main a[href^="/manage/calls/"]:not([href$="/new"])`},
		{file: "home-390", path: "/home", narrow: true},
	}},
	{"finance-officer", "finance@demo.example", []guideShot{
		{file: "home", path: "/home"},
		{file: "payments", path: "/payments"},
		{file: "payment", path: "/payments", follow: `main table a[href^="/payments/"]`},
		{file: "payments-390", path: "/payments", narrow: true},
	}},
	{"donor-officer", "donor@demo.example", []guideShot{
		{file: "home", path: "/home"},
		{file: "programmes", path: "/programmes"},
		{file: "reports", path: "/reports"},
		{file: "home-390", path: "/home", narrow: true},
	}},
	{"admin", "admin@demo.example", []guideShot{
		{file: "home", path: "/home"},
		{file: "users", path: "/admin/users"},
		{file: "status", path: "/admin/status"},
		{file: "users-390", path: "/admin/users", narrow: true},
	}},
}

// With GUIDE_SCREENSHOTS=dir the README's user-guide screenshots are
// taken: the demo is seeded on the browser fixture's database and each
// role's key pages are saved, in English, as viewport-high PNGs at
// 1366 × 768 and one per role at 390 × 844, in dir/<role>-<page>.png
// (a relative dir is taken from the repository's root: docs/guide). Without it the test skips at once: it
// is a tool for the documentation, not a check.
func TestGuideScreenshots(t *testing.T) {
	dir := os.Getenv("GUIDE_SCREENSHOTS")
	if dir == "" {
		t.Skip("GUIDE_SCREENSHOTS is not set: no user-guide screenshots taken (set it to a folder, e.g. docs/guide, to take them)")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(moduleRoot(t), dir) // relative to the repository, not to this package
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	ctx := t.Context()
	if _, err := demo.Seed(ctx, h.env.DB, "guide-screenshots", false); err != nil {
		t.Fatalf("seed the demo: %v", err)
	}
	for _, r := range guideRoles {
		t.Run(r.role, func(t *testing.T) {
			b := h.tab(t)
			b.signInDemo(r.email, i18n.EN)
			for _, s := range r.shots {
				w, hgt := int64(1366), int64(768)
				if s.narrow {
					w, hgt = 390, 844
				}
				call(b, "viewport", emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
					Width: w, Height: hgt, DeviceScaleFactor: 1, Mobile: s.narrow})
				b.openOK(s.path)
				if s.follow != "" {
					var href string
					b.js(`(() => { const a = document.querySelector(`+jsString(s.follow)+`); return a ? a.getAttribute("href") : ""; })()`, &href)
					if href == "" {
						t.Fatalf("%s: no link %s on %s", r.role, s.follow, s.path)
					}
					b.openOK(href)
				}
				shot := call(b, "screenshot", page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
				out, err := shrinkPNG(shot.Data)
				if err != nil {
					t.Fatalf("%s %s: %v", r.role, s.file, err)
				}
				name := filepath.Join(dir, r.role+"-"+s.file+".png")
				if err := os.WriteFile(name, out, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: %s (%d KB)", name, b.path(), len(out)/1024)
			}
			call(b, "default viewport", emulation.ClearDeviceMetricsOverride, cdp.Empty{})
		})
	}
}

// signInDemo opens a session for the demo login email in lang.
func (b *tab) signInDemo(email string, lang i18n.Lang) {
	b.t.Helper()
	env, ctx := b.h.env, b.t.Context()
	var id int64
	if err := db.Get(ctx, env.DB, &id, `SELECT id FROM users WHERE email = ?`, email); err != nil {
		b.t.Fatalf("demo login %s: %v", email, err)
	}
	if err := env.Store.SetLang(ctx, id, string(lang)); err != nil {
		b.t.Fatal(err)
	}
	tok, err := env.Store.CreateSession(ctx, id, "guide screenshots")
	if err != nil {
		b.t.Fatal(err)
	}
	call(b, "session cookie", network.SetCookie, network.SetCookieParams{
		Name: env.Server.SessionCookieName(), Value: tok, URL: b.h.base, Path: "/"})
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	var q bytes.Buffer
	q.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			q.WriteByte('\\')
		}
		q.WriteRune(r)
	}
	q.WriteByte('"')
	return q.String()
}

// shrinkPNG re-encodes a screenshot with a palette of at most 256 colours
// (paletted) and the best compression.
func shrinkPNG(in []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(in))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&out, paletted(img)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// paletted is img with at most 256 colours: its own when they fit, else
// the 256 it uses most, each pixel drawn in the nearest of them. Pages are
// mostly flat colour, so this reads as the original at a third of the size.
func paletted(img image.Image) image.Image {
	b := img.Bounds()
	count := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			count[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	cols := make([]color.RGBA, 0, len(count))
	for c := range count {
		cols = append(cols, c)
	}
	sort.Slice(cols, func(i, j int) bool {
		if count[cols[i]] != count[cols[j]] {
			return count[cols[i]] > count[cols[j]]
		}
		return rgbaLess(cols[i], cols[j])
	})
	if len(cols) > 256 {
		cols = cols[:256]
	}
	pal := make(color.Palette, len(cols))
	for i, c := range cols {
		pal[i] = c
	}
	p := image.NewPaletted(b, pal)
	draw.Draw(p, b, img, b.Min, draw.Src)
	return p
}

func rgbaLess(a, b color.RGBA) bool {
	if a.R != b.R {
		return a.R < b.R
	}
	if a.G != b.G {
		return a.G < b.G
	}
	if a.B != b.B {
		return a.B < b.B
	}
	return a.A < b.A
}
