package browser

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/chromedp/cdproto/emulation"
)

// fitPerRole bounds the pages one role's walk opens; fitPerKind is how
// many pages of one route pattern (another id, sort or filter) it opens.
const (
	fitPerRole = 90
	fitPerKind = 2
)

// viewport is one size a page is measured at. zoom200 is 1366 px at
// 200 % zoom: a 683 px wide CSS viewport drawn at device scale factor 2,
// which is what a browser zoomed to 200 % lays out.
type viewport struct {
	name          string
	width, height int64
	scale         float64
	mobile        bool
}

var (
	desktop = viewport{"1366 px", 1366, 768, 1, false}
	phone   = viewport{"390 px", 390, 844, 1, true}
	zoom200 = viewport{"1366 px at 200 %", 683, 384, 2, false}
)

func (b *tab) setViewport(v viewport) {
	b.t.Helper()
	call(b, "viewport "+v.name, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: v.width, Height: v.height, DeviceScaleFactor: v.scale, Mobile: v.mobile})
}

// fitMeasure is what one page measures at one viewport: its height, how
// far it scrolls sideways, the widest elements past the right edge (to
// name the culprit), and the links it holds.
type fitMeasure struct {
	Height, Over int
	Wide         []string
	Links        []string
	Type         string // document.contentType
}

const fitJS = `(() => {
	const de = document.documentElement, w = de.clientWidth, wide = [];
	if (de.scrollWidth > w) {
		for (const e of document.body.querySelectorAll("*")) {
			const r = e.getBoundingClientRect();
			if (r.right <= w + 0.5 || r.width === 0) continue;
			// an element inside a box that scrolls on its own is fine
			let p = e.parentElement, boxed = false;
			for (; p && p !== document.body; p = p.parentElement) {
				const o = getComputedStyle(p).overflowX;
				if (o === "auto" || o === "scroll" || o === "hidden") { boxed = true; break; }
			}
			if (boxed) continue;
			wide.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
				(e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") +
				" right=" + Math.round(r.right));
			if (wide.length >= 4) break;
		}
	}
	return {Height: de.scrollHeight, Over: de.scrollWidth - w, Wide: wide,
		Links: [...document.querySelectorAll("a[href]")].map(a => a.getAttribute("href")), Type: document.contentType};
})()`

var fitDigits = regexp.MustCompile(`[0-9]+`)

// fitKind is a path's route pattern: ids become N and the query (sort,
// filter, page) is left out, so /calls/3/ranking?sort=total is the same
// kind as /calls/4/ranking.
func fitKind(path string) string {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	return fitDigits.ReplaceAllString(path, "N")
}

// fitFollow says whether a link is a page to walk: same site, not a file,
// not the API, not sign-out.
func fitFollow(link string) bool {
	if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") {
		return false
	}
	for _, s := range []string{"/static/", "/api/", "/logout", "/metrics", "/healthz"} {
		if strings.HasPrefix(link, s) {
			return false
		}
	}
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	if f := u.Query().Get("format"); f != "" && f != "html" {
		return false // a download, not a page
	}
	for _, s := range []string{".pdf", ".xlsx", ".csv", ".xml", ".json", ".zip", ".png", "/download", "/file", "/export"} {
		if strings.Contains(u.Path, s) {
			return false
		}
	}
	return true
}

// fitResult is one page's measures, for the log of the tallest pages.
type fitResult struct {
	path   string
	height int
}

// walkFits walks the tab's role breadth-first from its home page, checks
// every page it opens at the three viewports (and, with check, runs check
// on it at 1366 px) and returns the pages it measured.
func (b *tab) walkFits(check func(path string)) []fitResult {
	b.t.Helper()
	queue := []string{"/home", "/", "/calls", "/account"}
	seen, kinds := map[string]bool{}, map[string]int{}
	var out []fitResult
	for len(queue) > 0 && len(out) < fitPerRole {
		path := queue[0]
		queue = queue[1:]
		if i := strings.IndexByte(path, '#'); i >= 0 {
			path = path[:i]
		}
		if path == "" || seen[path] || !fitFollow(path) {
			continue
		}
		seen[path] = true
		kind := fitKind(path)
		if kinds[kind] >= fitPerKind {
			continue
		}
		kinds[kind]++
		b.setViewport(desktop)
		if b.open(path) != 200 {
			continue
		}
		var m fitMeasure
		b.js(fitJS, &m)
		if m.Type != "text/html" {
			continue
		}
		if m.Height > maxPageHeight {
			b.t.Errorf("%s is %d px tall at 1366 px, more than %d", path, m.Height, maxPageHeight)
		}
		b.wantFit(path, desktop, m)
		if check != nil {
			check(path)
		}
		for _, l := range m.Links {
			if !seen[l] {
				queue = append(queue, l)
			}
		}
		for _, v := range []viewport{phone, zoom200} {
			b.setViewport(v)
			var n fitMeasure
			b.js(fitJS, &n)
			b.wantFit(path, v, n)
		}
		out = append(out, fitResult{path, m.Height})
	}
	return out
}

func (b *tab) wantFit(path string, v viewport, m fitMeasure) {
	b.t.Helper()
	if m.Over > 0 {
		b.t.Errorf("%s scrolls sideways by %d px at %s (past the edge: %s)", path, m.Over, v.name,
			fmt.Sprint(m.Wide))
	}
}
