package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// budgetUpload posts content as the budget_file of a multipart form.
func budgetUpload(t *testing.T, e *webtest.Env, p webtest.Principal, path string, content []byte) *httptest.ResponseRecorder {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("budget_file", "budget.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(content)
	_ = w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	tok, err := e.Store.CreateSession(context.Background(), e.Users[p].ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: e.Server.SessionCookieName(), Value: tok})
	rec := httptest.NewRecorder()
	e.Handler.ServeHTTP(rec, req)
	return rec
}

// The budget goes out as a workbook in the donor's template and comes back
// in: a bad row is refused with its error beside its cell, naming the
// line, and nothing saved; the corrected workbook saves every line.
func TestBudgetXLSXDownloadAndUpload(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		a := webtest.ApplicantA
		app := ae.applyByPage(t, a)
		id := mustID(t, strings.TrimPrefix(app, "/applications/"))
		if loc := ae.postPage(t, a, app+"/edit/budget", gridBudget(3)); loc != app+"/edit/budget" {
			t.Fatalf("budget saved to %q", loc)
		}
		if page := ae.Get(a, app+"/edit/budget").Body.String(); !strings.Contains(page, `enctype="multipart/form-data"`) ||
			!strings.Contains(page, `href="`+app+`/budget.xlsx"`) {
			t.Error("the budget page offers no spreadsheet download and upload")
		}
		rec := ae.Get(a, app+"/budget.xlsx")
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment;") {
			t.Fatalf("download: %d %q", rec.Code, rec.Header().Get("Content-Disposition"))
		}
		f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetList()[0]
		if v, _ := f.GetCellValue(sheet, "B4"); v != "Line 3 item" {
			t.Errorf("B4 = %q, want the third line", v)
		}
		if fm, _ := f.GetCellFormula(sheet, "F16"); fm != "SUM(F2:F14)" { // 3 lines, 10 blank rows, a gap
			t.Errorf("total formula %q", fm)
		}
		// The applicant adds a line with a bad number of units and uploads.
		_ = f.SetSheetRow(sheet, "A5", &[]any{"1", "Line 4 item", "month", "a dozen", 100, nil, 1080, 120})
		var bad bytes.Buffer
		_ = f.Write(&bad)
		rec = budgetUpload(t, ae.Env, a, app+"/budget.xlsx", bad.Bytes())
		body := rec.Body.String()
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("bad row: %d, want 422", rec.Code)
		}
		for _, want := range []string{`id="f-budget-3-units-error"`, "Line 4: ", `value="a dozen"`, `value="Line 4 item"`} {
			if !strings.Contains(body, want) {
				t.Errorf("422 page lacks %q", want)
			}
		}
		count := func() int {
			var n int
			if err := db.Get(t.Context(), d, &n, `SELECT COUNT(*) FROM application_budget_lines WHERE application_id = ?`, id); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(); n != 3 {
			t.Errorf("a refused workbook changed the budget: %d lines", n)
		}
		_ = f.SetCellValue(sheet, "D5", 12)
		var good bytes.Buffer
		_ = f.Write(&good)
		if rec := budgetUpload(t, ae.Env, a, app+"/budget.xlsx", good.Bytes()); rec.Code != http.StatusSeeOther {
			t.Fatalf("good workbook: %d\n%s", rec.Code, rec.Body)
		}
		if n := count(); n != 4 {
			t.Errorf("after the upload %d lines, want 4", n)
		}
		if page := ae.Get(a, app+"/edit/budget").Body.String(); !strings.Contains(page, "€4,800.00") {
			t.Error("the uploaded budget's total is not shown")
		}
		// Not a workbook, and a body past the limit: an error beside the
		// file field, nothing saved.
		rec = budgetUpload(t, ae.Env, a, app+"/budget.xlsx", []byte("%PDF-1.4 not a workbook"))
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="f-budget-file-error"`) {
			t.Errorf("a PDF: %d", rec.Code)
		}
		rec = budgetUpload(t, ae.Env, a, app+"/budget.xlsx", bytes.Repeat([]byte("PK"), 1<<20+100))
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "at most 2 MB") {
			t.Errorf("a 2 MB body: %d", rec.Code)
		}
		if n := count(); n != 4 {
			t.Errorf("refused files changed the budget: %d lines", n)
		}
	})
}
