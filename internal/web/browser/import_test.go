package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/subgrant/portal/internal/org"
)

// checkImport uploads an organisations file with bad rows, then a clean
// one, through the import form without JavaScript's help: the problems
// page and the preview pass axe, announce their summary and do not
// scroll sideways at 390 px (they are POST answers, so they are checked
// where they land rather than reopened).
func (b *tab) checkImport() {
	b.t.Helper()
	dir := b.t.TempDir()
	rows := []string{"Name;Kind;Registration number;Municipality;IBAN;Contact person;Contact person's e-mail"}
	for i := 1; i <= 12; i++ {
		bban := fmt.Sprintf("1212%012d", 900+i)
		iban := "XK" + org.IBANCheckDigits("XK", bban) + bban
		if i == 3 {
			iban = "XK00 0000"
		}
		rows = append(rows, fmt.Sprintf("Shoqata e Importuar me një emër të gjatë %d;OJQ;BR-IMP-%d;Prizren;%s;Kontakt %d;kontakt.i.gjate.%d@shoqata-import.example",
			i, i, iban, i, i))
	}
	bad := filepath.Join(dir, "bad.csv")
	good := filepath.Join(dir, "good.csv")
	clean := append([]string{rows[0]}, rows[4:]...)
	if os.WriteFile(bad, []byte(strings.Join(rows, "\n")), 0o600) != nil || os.WriteFile(good, []byte(strings.Join(clean, "\n")), 0o600) != nil {
		b.t.Fatal("write the import files")
	}
	call(b, "narrow viewport", emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 390, Height: 844, DeviceScaleFactor: 1, Mobile: true})
	defer call(b, "wide viewport", emulation.ClearDeviceMetricsOverride, cdp.Empty{})
	for _, c := range []struct {
		file   string
		status int64
		want   string
	}{{bad, 422, "#f-problems"}, {good, 200, `form[action="/import/organisations"] input[name="file"]`}} {
		b.openOK("/import/organisations")
		b.do("choose "+c.file, chromedp.SetUploadFiles(chromedp.CSS(`#f-file`), []string{c.file}))
		if got := b.follow("check "+c.file, chromedp.Click(chromedp.CSS(`form[action="/import/organisations/check"] button`))); got != c.status {
			b.t.Fatalf("check %s: status %d, want %d", filepath.Base(c.file), got, c.status)
		}
		b.want(c.want, 1)
		if c.status == 422 {
			b.checkErrorSummary()
		}
		b.checkAxe()
		if shot := os.Getenv("IMPORT_SCREENSHOT"); shot != "" {
			_ = os.WriteFile(shot+"_"+filepath.Base(c.file)+".png", run(b, "screenshot", chromedp.FullScreenshot(100)), 0o644)
		}
		var over int
		b.js(`document.documentElement.scrollWidth - document.documentElement.clientWidth`, &over)
		if over > 0 {
			b.t.Errorf("the import check of %s scrolls sideways by %d px at 390 px", filepath.Base(c.file), over)
		}
	}
}
