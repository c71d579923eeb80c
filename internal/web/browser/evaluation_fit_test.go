package browser

import (
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
)

// maxPageHeight is about seven screens at 1366 × 768: a longer page
// paginates or is split into steps.
const maxPageHeight = 10_000

// checkFits opens path at 1366 px wide and fails when the page is taller
// than maxPageHeight or scrolls sideways (a wide table scrolls within its
// own region instead), then checks it at 390 px (checkNarrow).
func (b *tab) checkFits(path string) {
	b.t.Helper()
	call(b, "desktop viewport", emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 1366, Height: 768, DeviceScaleFactor: 1})
	b.openOK(path)
	var m struct{ Height, Over int }
	b.js(`({Height: document.documentElement.scrollHeight,
		Over: document.documentElement.scrollWidth - document.documentElement.clientWidth})`, &m)
	call(b, "default viewport", emulation.ClearDeviceMetricsOverride, cdp.Empty{})
	if m.Height > maxPageHeight {
		b.t.Errorf("%s is %d px tall at 1366 px, more than %d", path, m.Height, maxPageHeight)
	}
	if m.Over > 0 {
		b.t.Errorf("%s scrolls sideways by %d px at 1366 px", path, m.Over)
	}
	b.checkNarrow(path)
}
