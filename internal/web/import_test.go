package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/web/webtest"
)

// importUpload posts content as the file of the import check.
func importUpload(t *testing.T, e *webtest.Env, p webtest.Principal, kind, name string, content []byte) *httptest.ResponseRecorder {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(content)
	_ = w.Close()
	req := httptest.NewRequest(http.MethodPost, "/import/"+kind+"/check", &buf)
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

// importWorkbook is a workbook of n organisations, the first Canary-free
// row numbered from first, with English headers.
func importWorkbook(t *testing.T, first, n int, bad map[string]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	header := []string{"Name", "Kind", "Registration number", "Municipality", "IBAN", "Contact person", "Contact person's e-mail", "Contact person's language"}
	f.SetSheetRow("Sheet1", "A1", &header)
	for i := 0; i < n; i++ {
		k := first + i
		bban := fmt.Sprintf("1212%012d", k)
		row := []string{fmt.Sprintf("Shoqata Import %d", k), "OJQ", fmt.Sprintf("IMP-%04d", k), "Pejë",
			"XK" + org.IBANCheckDigits("XK", bban) + bban, fmt.Sprintf("Kontakt %d", k), fmt.Sprintf("kontakt%d@import.example", k), "sq"}
		if v, ok := bad[fmt.Sprint(i+2)]; ok {
			row[4] = v
		}
		cell := fmt.Sprintf("A%d", i+2)
		f.SetSheetRow("Sheet1", cell, &row)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var importFileID = regexp.MustCompile(`name="file" value="(\d+)"`)

// The role x route matrix of the import: officers and the administrator;
// every other role 403, anon to the login.
func TestImportRoleMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		staff := func(status int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Admin: status, webtest.ProgramOfficer: status, webtest.Anon: 303}
		}
		post := func(status int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Admin: status, webtest.ProgramOfficer: status, webtest.Anon: 401}
		}
		cases := []webtest.Case{
			{Name: "index", Req: webtest.Request{Path: "/import"}, Default: 403, Want: staff(200)},
			{Name: "organisations form", Req: webtest.Request{Path: "/import/organisations"}, Default: 403, Want: staff(200)},
			{Name: "evaluators form", Req: webtest.Request{Path: "/import/evaluators"}, Default: 403, Want: staff(200)},
			{Name: "unknown kind", Req: webtest.Request{Path: "/import/grants"}, Default: 403, Want: staff(404)},
			{Name: "xlsx template", Req: webtest.Request{Path: "/import/organisations/template.xlsx"}, Default: 403, Want: staff(200)},
			{Name: "csv template", Req: webtest.Request{Path: "/import/evaluators/template.csv"}, Default: 403, Want: staff(200)},
			{Name: "check without a file", Req: webtest.Request{Method: "POST", Path: "/import/organisations/check", Form: url.Values{}},
				Default: 403, Want: post(422)},
			{Name: "import of no file", Req: webtest.Request{Method: "POST", Path: "/import/organisations", Form: url.Values{"file": {"999"}}},
				Default: 403, Want: post(404)},
		}
		e.CheckMatrix(t, cases)
	})
}

// An officer imports organisations through the pages: upload, check
// (the rows shown), confirm; the contact persons' invitations are queued
// in their language. Another officer cannot confirm the file, and an
// applicant cannot import at all.
func TestImportOrganisationsThroughThePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		po := webtest.ProgramOfficer
		if page := e.Get(po, "/organisations").Body.String(); !strings.Contains(page, `href="/import/organisations"`) {
			t.Error("the organisations list does not link to the import")
		}
		if page := e.Get(po, "/home").Body.String(); !strings.Contains(page, `href="/import"`) {
			t.Error("the officer's menu has no import")
		}
		if page := e.Get(webtest.ApplicantA, "/home").Body.String(); strings.Contains(page, `href="/import"`) {
			t.Error("an applicant's menu offers the import")
		}
		if rec := importUpload(t, e, webtest.ApplicantA, "organisations", "x.xlsx", importWorkbook(t, 1, 3, nil)); rec.Code != 403 {
			t.Errorf("an applicant's upload: %d, want 403", rec.Code)
		}
		rec := importUpload(t, e, po, "organisations", "lista.xlsx", importWorkbook(t, 1, 3, nil))
		body := rec.Body.String()
		m := importFileID.FindStringSubmatch(body)
		if rec.Code != 200 || m == nil || !strings.Contains(body, "Shoqata Import 3") || !strings.Contains(body, "Peja") {
			t.Fatalf("check: %d, file %v\n%s", rec.Code, m, body)
		}
		if n := e.Count(`SELECT COUNT(*) FROM organisations WHERE name LIKE 'Shoqata Import%'`); n != 0 {
			t.Fatalf("the check imported %d organisations", n)
		}
		if rec := e.Post(webtest.Admin, "/import/organisations", url.Values{"file": {m[1]}}); rec.Code != 404 {
			t.Errorf("another officer confirms the file: %d, want 404", rec.Code)
		}
		rec = e.Post(po, "/import/organisations", url.Values{"file": {m[1]}})
		if rec.Code != 303 || rec.Header().Get("Location") != "/organisations" {
			t.Fatalf("import: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		if n := e.Count(`SELECT COUNT(*) FROM organisations o JOIN organisation_profiles p ON p.org_id = o.id
			WHERE o.name LIKE 'Shoqata Import%' AND p.municipality = 'XK-PEJE'`); n != 3 {
			t.Errorf("%d organisations imported, want 3", n)
		}
		msgs, err := notify.Pending(context.Background(), d, "kontakt2@import.example")
		if err != nil || len(msgs) != 1 || msgs[0].Subject != "Ftesë për t'u bashkuar me Shoqata Import 2" ||
			!strings.Contains(msgs[0].Body, "/invitations/accept?token=") || !strings.Contains(msgs[0].Body, "program_officer") {
			t.Errorf("invitation: %v %+v", err, msgs)
		}
		// The same file again: every row is now a duplicate, nothing imported twice.
		rec = importUpload(t, e, po, "organisations", "lista.xlsx", importWorkbook(t, 1, 3, nil))
		if rec.Code != 422 || strings.Count(rec.Body.String(), "already in the portal") != 3 {
			t.Errorf("re-upload: %d\n%s", rec.Code, rec.Body.String())
		}
	})
}

// A bad file is answered with every problem by row and column in the
// reader's language, next to the upload form again; nothing is kept.
// Too large a file is 413, a zip bomb is refused with its own message.
func TestImportReportsProblems(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		po := webtest.ProgramOfficer
		rec := importUpload(t, e, po, "organisations", "bad.xlsx", importWorkbook(t, 1, 4, map[string]string{"3": "XK00 1234", "5": "AL47 2121 1009 0000 0002 3569 8742"}))
		body := rec.Body.String()
		if rec.Code != 422 || !strings.Contains(body, `class="error-summary"`) || !strings.Contains(body, `href="#f-problems"`) ||
			!strings.Contains(body, "<td>3</td><td>E (IBAN)</td>") || !strings.Contains(body, "<td>5</td><td>E (IBAN)</td>") ||
			!strings.Contains(body, `enctype="multipart/form-data"`) || importFileID.MatchString(body) {
			t.Errorf("report: %d\n%s", rec.Code, body)
		}
		if n := e.Count(`SELECT COUNT(*) FROM import_files`) + e.Count(`SELECT COUNT(*) FROM organisations WHERE name LIKE 'Shoqata%'`); n != 0 {
			t.Errorf("a refused file left %d rows", n)
		}
		rec = importUpload(t, e, po, "organisations", "big.csv", bytes.Repeat([]byte("a,b\n"), 600_000))
		if rec.Code != 413 || !strings.Contains(rec.Body.String(), "too large") {
			t.Errorf("large file: %d", rec.Code)
		}
		var bomb bytes.Buffer
		zw := zip.NewWriter(&bomb)
		w, _ := zw.Create("xl/workbook.xml")
		w.Write([]byte("<workbook/>"))
		w, _ = zw.Create("xl/worksheets/sheet1.xml")
		for i := 0; i < 40; i++ {
			w.Write(bytes.Repeat([]byte(" "), 1<<20))
		}
		zw.Close()
		rec = importUpload(t, e, po, "organisations", "bomb.xlsx", bomb.Bytes())
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "unpacks to far more") {
			t.Errorf("zip bomb: %d", rec.Code)
		}
		rec = importUpload(t, e, po, "evaluators", "<b>notes</b>.csv", []byte("Name;<script>alert(1)</script>\nAna;red\n"))
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Unknown column &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34;") ||
			strings.Contains(rec.Body.String(), "<script>alert") || strings.Contains(rec.Body.String(), "<b>notes") {
			t.Errorf("unknown column: %d\n%s", rec.Code, rec.Body.String())
		}
	})
}

// The templates come in the reader's language as attachments.
func TestImportTemplates(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	rec := e.Get(webtest.ProgramOfficer, "/import/evaluators/template.csv")
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment;") ||
		rec.Body.String() != "\xef\xbb\xbfName *,E-mail *,Language\n" {
		t.Errorf("csv template: %d %q %q", rec.Code, rec.Header().Get("Content-Disposition"), rec.Body.String())
	}
	rec = e.Get(webtest.ProgramOfficer, "/import/organisations/template.xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Organisations", "D1"); v != "Registration number *" {
		t.Errorf("xlsx D1 = %q", v)
	}
}

// Evaluators through the pages: each gets a link to set a password in
// their language; and when the database changes between the check and the
// confirmation, the import stops with the problem (409) and imports none.
func TestImportEvaluatorsThroughThePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		po := webtest.ProgramOfficer
		file := []byte("\xef\xbb\xbfName;E-mail;Language\nArta Berisha;arta@eval.example;sq\nMilan Ilić;milan@eval.example;sr\nJane Roe;jane@eval.example;\n")
		rec := importUpload(t, e, po, "evaluators", "v.csv", file)
		m := importFileID.FindStringSubmatch(rec.Body.String())
		if rec.Code != 200 || m == nil || !strings.Contains(rec.Body.String(), "Milan Ilić") {
			t.Fatalf("check: %d\n%s", rec.Code, rec.Body.String())
		}
		// Someone registers with Jane's address before the officer confirms.
		e.Exec(`INSERT INTO users (email, email_norm, name, lang, role, password_hash, disabled, created_at, updated_at)
			VALUES ('Jane@eval.example', 'jane@eval.example', 'Jane', 'en', 'applicant', 'x', ?, ?, ?)`, false, db.Now(), db.Now())
		rec = e.Post(po, "/import/evaluators", url.Values{"file": {m[1]}})
		if rec.Code != 409 || !strings.Contains(rec.Body.String(), "An account with this e-mail address already exists") {
			t.Fatalf("confirm after the change: %d\n%s", rec.Code, rec.Body.String())
		}
		if n := e.Count(`SELECT COUNT(*) FROM users WHERE role = 'evaluator' AND email LIKE '%@eval.example'`); n != 0 {
			t.Fatalf("%d evaluators imported from a file with a problem", n)
		}
		e.Exec(`DELETE FROM users WHERE email_norm = 'jane@eval.example'`)
		rec = importUpload(t, e, po, "evaluators", "v.csv", file)
		m = importFileID.FindStringSubmatch(rec.Body.String())
		if m == nil {
			t.Fatalf("second check: %d", rec.Code)
		}
		if rec = e.Post(po, "/import/evaluators", url.Values{"file": {m[1]}}); rec.Code != 303 {
			t.Fatalf("import: %d", rec.Code)
		}
		if n := e.Count(`SELECT COUNT(*) FROM users WHERE role = 'evaluator' AND email LIKE '%@eval.example'`); n != 3 {
			t.Errorf("%d evaluators, want 3", n)
		}
		for to, subject := range map[string]string{"milan@eval.example": "Vaš nalog ocenjivača na portalu za podgrantove",
			"jane@eval.example": "Your evaluator account on the sub-grant portal"} {
			msgs, err := notify.Pending(context.Background(), d, to)
			if err != nil || len(msgs) != 1 || msgs[0].Subject != subject || !strings.Contains(msgs[0].Body, "/password/reset?token=") {
				t.Errorf("mail to %s: %v %+v", to, err, msgs)
				continue
			}
			link := msgs[0].Body[strings.Index(msgs[0].Body, "/password/reset?token="):]
			link = strings.Fields(link)[0]
			if rec := e.Get(webtest.Anon, link); rec.Code != 200 {
				t.Errorf("the link of %s opens with %d", to, rec.Code)
			}
		}
	})
}

// The import's audit actions have their names in every language.
func TestImportAuditActionsTranslated(t *testing.T) {
	for _, miss := range untranslatedActions(t, []string{"import.organisations", "import.evaluators", "organisation.import", "user.create"}) {
		t.Errorf("audit action without a name: %s", miss)
	}
}
