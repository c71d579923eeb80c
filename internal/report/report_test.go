package report

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/celltext"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc/pdftext"
)

// request is a request of report name for the fixture's programme of code.
func (f *fx) request(name, code, format string, lang i18n.Lang, sc access.Scope) Request {
	pf := f.progs[code]
	return Request{Name: name, Format: format, Lang: lang, ProgrammeID: pf.id, CallID: pf.call, GrantID: pf.grantA, Scope: sc}
}

// cells are every cell of a workbook: sheet -> A1 -> raw value, and the
// formula cells.
type cells struct {
	f        *excelize.File
	values   map[string]map[string]string
	formulas map[string]map[string]string
}

func readBook(t *testing.T, body []byte) cells {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("open workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	c := cells{f: f, values: map[string]map[string]string{}, formulas: map[string]map[string]string{}}
	for _, sh := range f.GetSheetList() {
		c.values[sh], c.formulas[sh] = map[string]string{}, map[string]string{}
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for col, v := range row {
				a := ref(col+1, r+1)
				c.values[sh][a] = v
				if fm, _ := f.GetCellFormula(sh, a); fm != "" {
					c.formulas[sh][a] = fm
				}
			}
		}
	}
	return c
}

// checkFormulas evaluates every formula with excelize's calculation and
// compares it with the value cached in the cell (the figure Go computed
// from the database); it returns the number of formulas.
func (c cells) checkFormulas(t *testing.T) int {
	t.Helper()
	n := 0
	for sh, fs := range c.formulas {
		for a, fm := range fs {
			got, err := c.f.CalcCellValue(sh, a, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Errorf("%s!%s = %s: %v", sh, a, fm, err)
				continue
			}
			g, err1 := strconv.ParseFloat(got, 64)
			w, err2 := strconv.ParseFloat(c.values[sh][a], 64)
			if err1 != nil || err2 != nil || math.Abs(g-w) > 0.0049 {
				t.Errorf("%s!%s = %s evaluates to %q, the cell holds %q", sh, a, fm, got, c.values[sh][a])
			}
			n++
		}
	}
	return n
}

// checkNeutral: no text cell would run as a formula.
func (c cells) checkNeutral(t *testing.T) {
	t.Helper()
	for sh, vs := range c.values {
		for a, v := range vs {
			if c.formulas[sh][a] == "" && celltext.NeedsQuote(v) {
				if _, err := strconv.ParseFloat(v, 64); err != nil {
					t.Errorf("%s!%s = %q starts a formula", sh, a, v)
				}
			}
		}
	}
}

// find is the cell of sheet sh whose value is v ("" when none).
func (c cells) find(sh, v string) string {
	for a, x := range c.values[sh] {
		if x == v {
			return a
		}
	}
	return ""
}

// calc is the cell's calculated value in cents.
func (c cells) cents(t *testing.T, sh, a string) int64 {
	t.Helper()
	got, err := c.f.CalcCellValue(sh, a, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", sh, a, err)
	}
	v, err := strconv.ParseFloat(got, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q", sh, a, got)
	}
	return int64(math.Round(v * 100))
}

// right is the cell n columns to the right of a.
func right(a string, n int) string {
	col, row, _ := excelize.CellNameToCoordinates(a)
	return ref(col+n, row)
}

// Every report of the registry, in every format it offers, for every
// donor format and language, builds; every formula evaluates to the value
// the database gives, to the cent; no text cell would run as a formula.
func TestEveryReportFormatAndDonor(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFx(t, d)
		ctx := context.Background()
		for code, pf := range f.progs {
			for _, rep := range f.reg.List() {
				for _, format := range rep.Formats {
					for _, lang := range i18n.Langs {
						name := code + "/" + rep.Name + "." + format + "/" + string(lang)
						doc, err := f.reg.Build(ctx, f.request(rep.Name, code, format, lang, staff()))
						if err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						if !strings.HasSuffix(doc.FileName, "."+format) || doc.ContentType != mediaTypes[format] {
							t.Errorf("%s: file %q of type %q", name, doc.FileName, doc.ContentType)
						}
						if format == PDF {
							if !bytes.HasPrefix(doc.Body, []byte("%PDF-")) {
								t.Errorf("%s is not a PDF", name)
							}
							continue
						}
						c := readBook(t, doc.Body)
						n := c.checkFormulas(t)
						if lang == i18n.EN {
							t.Logf("%s: %d formulas, sheets %v", name, n, c.f.GetSheetList())
						}
						if n == 0 {
							t.Errorf("%s has no formula", name)
						}
						c.checkNeutral(t)
						f.checkTotals(t, name, rep.Name, code, pf, c)
					}
				}
			}
		}
	})
}

// checkTotals compares a workbook's totals with the fixture's figures.
func (f *fx) checkTotals(t *testing.T, name, report, code string, pf progFx, c cells) {
	t.Helper()
	sheets := c.f.GetSheetList()
	total := func(sh string, col int) int64 {
		for _, label := range []string{"Totali", "Total", "Ukupno"} {
			if a := c.find(sh, label); a != "" {
				return c.cents(t, sh, right(a, col))
			}
		}
		t.Fatalf("%s: no total row on %s", name, sh)
		return 0
	}
	var sumPaid, sumBudget, sumCum int64
	for _, p := range pf.paid {
		sumPaid += p
	}
	for _, v := range pf.budget {
		sumBudget += v
	}
	for _, v := range pf.cumulative {
		sumCum += v
	}
	var amounts int64
	for _, g := range []int64{pf.grantA, pf.grantB} {
		var a int64
		one(t, f.d, &a, `SELECT amount_minor FROM grants WHERE id = ?`, g)
		amounts += a
	}
	switch report {
	case DisbursementLedger:
		if got := total(sheets[0], 5); got != sumPaid {
			t.Errorf("%s: ledger total %d, payments %d", name, got, sumPaid)
		}
	case ThirdParties:
		if got := total(sheets[0], 2); got != amounts {
			t.Errorf("%s: third parties total %d, grants %d", name, got, amounts)
		}
	case ProgrammeFinancial:
		if len(sheets) != 3 {
			t.Errorf("%s: sheets %v, want the programme and two annexes", name, sheets)
		}
		prof := f.reg.deps.Profiles[code]
		last := prof.Formats.Financial.Rows[len(prof.Formats.Financial.Rows)-1]
		a := c.find(sheets[0], last.Code())
		cols := map[string]int{}
		for i, col := range prof.Formats.Financial.Columns {
			cols[col.Value] = i
		}
		if got := c.cents(t, sheets[0], right(a, cols["budget"])); got != sumBudget {
			t.Errorf("%s: total budget %d, lines %d", name, got, sumBudget)
		}
		if got := c.cents(t, sheets[0], right(a, cols["cumulative"])); got != sumCum {
			t.Errorf("%s: total cumulative %d, eligible expenditure %d", name, got, sumCum)
		}
	case ExpenditureList:
		var all, ok int64
		one(t, f.d, &all, `SELECT SUM(e.amount_minor) FROM expenditures e JOIN grantee_reports r ON r.id = e.report_id WHERE r.grant_id = ?`, pf.grantA)
		one(t, f.d, &ok, `SELECT SUM(e.amount_minor) FROM expenditures e JOIN grantee_reports r ON r.id = e.report_id
			WHERE r.grant_id = ? AND e.eligible = ?`, pf.grantA, true)
		if got := total(sheets[0], 6); got != all {
			t.Errorf("%s: expenditure total %d, database %d", name, got, all)
		}
		if got := total(sheets[0], 7); got != ok {
			t.Errorf("%s: accepted total %d, database %d", name, got, ok)
		}
	}
}

// Canary: nothing applicant A downloads holds organisation B's data, and
// B's grant, or a programme report, answers not found.
func TestApplicantSeesOnlyItsOwn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFx(t, d)
		ctx := context.Background()
		pf := f.progs["eu"]
		sc := applicant(pf.orgA)
		doc, err := f.reg.Build(ctx, f.request(ExpenditureList, "eu", XLSX, i18n.EN, sc))
		if err != nil {
			t.Fatal(err)
		}
		c := readBook(t, doc.Body)
		for sh, vs := range c.values {
			for a, v := range vs {
				if strings.Contains(v, canary) {
					t.Errorf("applicant A's expenditure list holds B's canary at %s!%s", sh, a)
				}
			}
		}
		req := f.request(ExpenditureList, "eu", XLSX, i18n.EN, sc)
		req.GrantID = pf.grantB
		if _, err := f.reg.Build(ctx, req); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("A's request for B's expenditure list: %v, want not found", err)
		}
		req = f.request(GranteeStatement, "eu", PDF, i18n.EN, sc)
		statement, err := f.reg.Build(ctx, req)
		if err != nil {
			t.Fatalf("A's own statement: %v", err)
		}
		if text := pdftext.Text(t, statement.Body); strings.Contains(text, canary) || !strings.Contains(text, "Shoqata A") {
			t.Errorf("applicant A's statement: canary or its own name wrong in %q", text)
		}
		req.GrantID = pf.grantB
		if _, err := f.reg.Build(ctx, req); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("A's request for B's statement: %v, want not found", err)
		}
		for _, name := range []string{ProgrammeFinancial, ThirdParties, DisbursementLedger, Ranking, EvaluationReport, FinancialSummary} {
			rep, _ := f.reg.Get(name)
			if _, err := f.reg.Build(ctx, f.request(name, "eu", rep.Formats[0], i18n.EN, sc)); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("applicant A's %s: %v, want not found", name, err)
			}
		}
		// A donor officer reaches its own programme, not another donor's.
		if _, err := f.reg.Build(ctx, f.request(DisbursementLedger, "eu", XLSX, i18n.EN, donorOfficer(pf.donor))); err != nil {
			t.Errorf("the donor's ledger: %v", err)
		}
		if _, err := f.reg.Build(ctx, f.request(DisbursementLedger, "undp", XLSX, i18n.EN, donorOfficer(pf.donor))); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another donor's ledger: %v, want not found", err)
		}
	})
}

// Bad requests are refused before anything is read, with the field at
// fault.
func TestBadRequests(t *testing.T) {
	f := newFx(t, dbtest.SQLite(t))
	ctx := context.Background()
	cases := []struct {
		name  string
		edit  func(r *Request)
		code  apperr.Code
		field string
	}{
		{"unknown report", func(r *Request) { r.Name = "no-such" }, apperr.NotFound, ""},
		{"format not offered", func(r *Request) { r.Format = PDF }, apperr.Invalid, "format"},
		{"unsupported language", func(r *Request) { r.Lang = "de" }, apperr.Invalid, "lang"},
		{"no programme", func(r *Request) { r.ProgrammeID = 0 }, apperr.Invalid, "programme"},
		{"programme unknown", func(r *Request) { r.ProgrammeID = 99999 }, apperr.NotFound, ""},
	}
	for _, c := range cases {
		req := f.request(DisbursementLedger, "eu", XLSX, i18n.SQ, staff())
		c.edit(&req)
		var buf bytes.Buffer
		_, err := f.reg.Write(ctx, req, &buf)
		if e := apperr.As(err); e.Code != c.code || (c.field != "" && e.Fields[c.field] == "") {
			t.Errorf("%s: %v, want %s on %q", c.name, err, c.code, c.field)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: %d bytes written", c.name, buf.Len())
		}
	}
}

// A build that fails half way sends nothing: the caller's writer gets no
// byte of the half-written file.
func TestFailedBuildWritesNothing(t *testing.T) {
	f := newFx(t, dbtest.SQLite(t))
	f.reg.Add(Report{Name: "broken", Formats: []string{XLSX}, Needs: []Param{Programme}, Build: map[string]Builder{
		XLSX: func(_ context.Context, _ *Build, w io.Writer) error {
			if _, err := w.Write([]byte("PK\x03\x04 half a workbook")); err != nil {
				return err
			}
			return errors.New("disk full")
		}}})
	var buf bytes.Buffer
	if _, err := f.reg.Write(context.Background(), f.request("broken", "eu", XLSX, i18n.EN, staff()), &buf); err == nil || buf.Len() != 0 {
		t.Errorf("failed build: %v, %d bytes written", err, buf.Len())
	}
}
