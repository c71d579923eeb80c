package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/db"
)

// 'portal report --help' lists every report, one per line, indented, with
// its description.
func TestReportHelpListsEveryReport(t *testing.T) {
	isolate(t)
	r := portal(t, "", "report", "--help")
	if r.code != 0 {
		t.Fatal(r)
	}
	for _, name := range []string{"programme-financial", "third-parties", "disbursement-ledger", "ranking", "expenditure-list", "evaluation-report"} {
		found := false
		for _, line := range strings.Split(r.out, "\n") {
			if strings.HasPrefix(line, "  "+name+" ") && len(strings.Fields(line)) > 3 {
				found = true
			}
		}
		if !found {
			t.Errorf("no indented line with a description for %s:\n%s", name, r.out)
		}
	}
	if !strings.Contains(r.out, "report") || !strings.Contains(portal(t, "", "--help").out, "report") {
		t.Error("portal --help does not list report")
	}
}

// portal report writes a workbook; bad input names the flag at fault and
// leaves no file.
func TestReportCommand(t *testing.T) {
	path := isolate(t)
	if r := portal(t, "", "migrate"); r.code != 0 {
		t.Fatal(r)
	}
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var donor, prog int64
	if err := db.Get(ctx, d, &donor, `INSERT INTO organisations (name, kind, created_at) VALUES ('Donor', 'donor', ?) RETURNING id`, db.Now()); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(ctx, d, &prog, `INSERT INTO programmes (title, donor_org_id, donor_profile, currency, subgrant_budget_minor,
		third_party_cap_minor, starts_on, ends_on, created_at, updated_at) VALUES ('Askush të mos mbetet pas', ?, 'undp', 'ALL', 100, 0,
		'2026-01-01', '2027-12-31', ?, ?) RETURNING id`, donor, db.Now(), db.Now()); err != nil {
		t.Fatal(err)
	}
	d.Close()
	out := filepath.Join(t.TempDir(), "financial.xlsx")
	r := portal(t, "", "report", "programme-financial", "--programme", itoa(prog), "--lang", "en", "--out", out)
	if r.code != 0 {
		t.Fatal(r)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	props, _ := f.GetDocProps()
	f.Close()
	if props.Title != "Low-value grant financial report" || !strings.Contains(props.Subject, "Askush") {
		t.Errorf("properties = %+v", props)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "no-such", "--out", out + ".1"}, "unknown report"},
		{[]string{"report", "disbursement-ledger", "--out", out + ".2"}, "--programme"},
		{[]string{"report", "disbursement-ledger", "--programme", "999", "--out", out + ".3"}, "not"},
		{[]string{"report", "disbursement-ledger", "--programme", itoa(prog), "--format", "pdf", "--out", out + ".4"}, "--format"},
		{[]string{"report", "disbursement-ledger", "--programme", itoa(prog), "--lang", "de", "--out", out + ".5"}, "--lang"},
	} {
		r := portal(t, "", c.args...)
		if r.code == 0 || !strings.Contains(r.err, c.want) {
			t.Errorf("%v: %s; want a failure naming %q", c.args, r, c.want)
		}
		if _, err := os.Stat(c.args[len(c.args)-1]); err == nil {
			t.Errorf("%v left a file", c.args)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
