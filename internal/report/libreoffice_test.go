package report

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
)

// LibreOffice opens the EU programme financial report and, converting it
// to CSV, shows the total budget the database gives. It needs soffice
// (Debian's libreoffice-calc-nogui) and says so when it is missing.
func TestLibreOfficeOpensTheWorkbook(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed (apt-get install libreoffice-calc-nogui): LibreOffice not tried")
	}
	f := newFx(t, dbtest.SQLite(t))
	doc, err := f.reg.Build(context.Background(), f.request(ProgrammeFinancial, "eu", XLSX, i18n.EN, staff()))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "financial.xlsx")
	if err := os.WriteFile(in, doc.Body, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--convert-to", "csv", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "financial.csv"))
	if err != nil {
		t.Fatalf("no CSV: %v", err)
	}
	var total int64
	for _, v := range f.progs["eu"].budget {
		total += v
	}
	want := strconv.FormatInt(total/100, 10) + "." + strconv.FormatInt(total%100+100, 10)[1:]
	if !strings.Contains(string(csv), want) {
		t.Errorf("LibreOffice's CSV lacks the total budget %s:\n%s", want, csv)
	}
}
