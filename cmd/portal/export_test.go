package main

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
)

// export writes the file whole; bad input names the flag or the format and
// writes nothing; the help lists both formats.
func TestExport(t *testing.T) {
	path := isolate(t)
	if r := portal(t, "", "migrate"); r.code != 0 {
		t.Fatalf("migrate: %s", r)
	}
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	fx := apptest.Call(t, d, apptest.Spec{Reference: "CLI-EXP-01"})
	d.Close()
	id := strconv.FormatInt(fx.Call.ProgrammeID, 10)
	out := filepath.Join(t.TempDir(), "p.xml")

	r := portal(t, "", "export", "iati", "--programme", id, "--out", out)
	if r.code != 0 || !strings.Contains(r.out, out) {
		t.Fatalf("export iati: %s", r)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version    string   `xml:"version,attr"`
		Identifier []string `xml:"iati-activity>iati-identifier"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil || doc.Version != "2.03" || len(doc.Identifier) != 1 {
		t.Errorf("IATI file: version %q, activities %v (%v)", doc.Version, doc.Identifier, err)
	}

	jsonOut := filepath.Join(t.TempDir(), "p.json")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "360giving", "--programme", id, "--out", jsonOut}, "no grant agreement"},
		{[]string{"export", "csv", "--programme", id, "--out", jsonOut}, `unknown format "csv"`},
		{[]string{"export", "iati", "--out", jsonOut}, "--programme"},
		{[]string{"export", "iati", "--programme", id}, "--out"},
		{[]string{"export", "iati", "--programme", "999999", "--out", jsonOut}, "--programme 999999"},
		{[]string{"export"}, "iati or 360giving"},
	} {
		r := portal(t, "", c.args...)
		if r.code != 1 || !strings.Contains(r.err, c.want) {
			t.Errorf("portal %s: want exit 1 saying %q: %s", strings.Join(c.args, " "), c.want, r)
		}
	}
	if _, err := os.Stat(jsonOut); !os.IsNotExist(err) {
		t.Errorf("a refused export left %s (stat: %v)", jsonOut, err)
	}
	r = portal(t, "", "export", "--help")
	for _, f := range []string{"\n  iati ", "\n  360giving "} {
		if r.code != 0 || !strings.Contains(r.out, f) {
			t.Errorf("export --help does not list %q: %s", f, r)
		}
	}
}
