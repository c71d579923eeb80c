package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/config"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/web/webtest"
)

// orgEnv is a test portal whose uploads go to a temporary folder; it
// returns the environment and that folder.
func orgEnv(t *testing.T, d *db.DB, opts ...webtest.Options) (*webtest.Env, string) {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "uploads")
	cfg := config.FromEnv(func(string) string { return "" })
	cfg.UploadDir = dir
	o := webtest.Options{}
	if len(opts) > 0 {
		o = opts[0]
	}
	o.Config = cfg
	return webtest.New(t, d, o), dir
}

// orgUpload posts a multipart form with one file as p; chunked sends the
// body without a Content-Length.
func orgUpload(t *testing.T, e *webtest.Env, p webtest.Principal, path string, fields map[string]string, name string, content []byte, chunked bool) *httptest.ResponseRecorder {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	w.Close()
	var body io.Reader = &buf
	if chunked {
		body = io.MultiReader(&buf) // hides the length from httptest
	}
	req := httptest.NewRequest(http.MethodPost, path, body)
	if chunked {
		req.ContentLength = -1
	}
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

func docsPath(id int64) string { return "/organisations/" + strconv.FormatInt(id, 10) + "/documents" }

var (
	pdfDoc = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	pngDoc = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
)

func TestUploadGoodFilesStoresHash(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, dir := orgEnv(t, d)
		for _, f := range []struct {
			name string
			body []byte
		}{{"statuti.pdf", pdfDoc}, {"logo.png", pngDoc}} {
			rec := orgUpload(t, e, webtest.ApplicantA, docsPath(e.OrgA.ID), map[string]string{"doc_type": "statute", "valid_until": "2030-01-31"}, f.name, f.body, false)
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", f.name, rec.Code, rec.Body.String())
			}
		}
		docs, err := org.NewStore(d).Documents(t.Context(), access.Everything(), e.OrgA.ID)
		if err != nil || len(docs) != 2 {
			t.Fatalf("documents: %v %v", docs, err)
		}
		for _, doc := range docs {
			want := map[string][]byte{"statuti.pdf": pdfDoc, "logo.png": pngDoc}[doc.FileName]
			sum := sha256.Sum256(want)
			if doc.SHA256 != hex.EncodeToString(sum[:]) || doc.Size != int64(len(want)) || doc.ValidUntil == nil {
				t.Errorf("%s: sha %s size %d valid %v", doc.FileName, doc.SHA256, doc.Size, doc.ValidUntil)
			}
			stored, err := os.ReadFile(filepath.Join(dir, doc.StoredName))
			if err != nil || !bytes.Equal(stored, want) {
				t.Errorf("%s: stored file %v", doc.FileName, err)
			}
		}
		page := e.Get(webtest.ApplicantA, docsPath(e.OrgA.ID)).Body.String()
		if !strings.Contains(page, "statuti.pdf") || !strings.Contains(page, docs[0].SHA256) {
			t.Error("the vault page does not list the documents with their hash")
		}
	})
}

func TestUploadRefusesBadFiles(t *testing.T) {
	e, dir := orgEnv(t, dbtest.SQLite(t))
	fields := map[string]string{"doc_type": "statute"}
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), bytes.Repeat([]byte{0}, 100)...)
	rec := orgUpload(t, e, webtest.ApplicantA, docsPath(e.OrgA.ID), fields, "statute.pdf", exe, false)
	if rec.Code != http.StatusUnsupportedMediaType {
		t.Errorf("exe renamed .pdf: %d, want 415", rec.Code)
	}
	if body := rec.Body.String(); !strings.Contains(body, "This type of file is not accepted") || !strings.Contains(body, `id="f-file-error"`) {
		t.Error("415 page has no translated message beside the file field")
	}
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 11<<20)...)
	if rec := orgUpload(t, e, webtest.ApplicantA, docsPath(e.OrgA.ID), fields, "big.pdf", big, false); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("11 MB: %d, want 413", rec.Code)
	}
	if rec := orgUpload(t, e, webtest.ApplicantA, docsPath(e.OrgA.ID), fields, "big.pdf", big, true); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("11 MB chunked: %d, want 413", rec.Code)
	}
	justOver := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 10<<20)...)
	if rec := orgUpload(t, e, webtest.ApplicantA, docsPath(e.OrgA.ID), fields, "over.pdf", justOver, false); rec.Code != http.StatusRequestEntityTooLarge ||
		!strings.Contains(rec.Body.String(), "larger than allowed") {
		t.Errorf("10 MB + 9 bytes: %d, want 413 with the message", rec.Code)
	}
	if rec := orgUpload(t, e, webtest.ApplicantA, docsPath(e.OrgA.ID), map[string]string{"doc_type": "passport"}, "ok.pdf", pdfDoc, false); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("unknown type: %d, want 422", rec.Code)
	}
	if rec := e.Post(webtest.ApplicantA, docsPath(e.OrgA.ID), nil); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("no file: %d, want 422", rec.Code)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("%d files left in the upload folder after refusals", len(entries))
	}
	var n int
	_ = db.Get(t.Context(), e.DB, &n, `SELECT COUNT(*) FROM organisation_documents`)
	if n != 0 {
		t.Errorf("%d document rows after refusals", n)
	}
}

func TestUploadTraversalNameAndDownload(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, dir := orgEnv(t, d)
		rec := orgUpload(t, e, webtest.ApplicantA, docsPath(e.OrgA.ID), map[string]string{"doc_type": "other"}, "../../x.pdf", pdfDoc, false)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("upload: %d", rec.Code)
		}
		root := filepath.Dir(dir)
		entries, _ := os.ReadDir(root)
		if len(entries) != 1 || entries[0].Name() != "uploads" {
			t.Errorf("files outside the upload folder: %v", entries)
		}
		for _, p := range []string{filepath.Join(root, "..", "x.pdf"), filepath.Join(root, "x.pdf")} {
			if _, err := os.Stat(p); err == nil {
				t.Errorf("%s exists", p)
			}
		}
		docs, _ := org.NewStore(d).Documents(t.Context(), access.Everything(), e.OrgA.ID)
		if len(docs) != 1 || docs[0].FileName != "x.pdf" || strings.Contains(docs[0].StoredName, ".") {
			t.Fatalf("document %+v", docs)
		}
		url := docsPath(e.OrgA.ID) + "/" + strconv.FormatInt(docs[0].ID, 10)
		dl := e.Get(webtest.ApplicantA, url)
		h := dl.Header()
		if dl.Code != 200 || !bytes.Equal(dl.Body.Bytes(), pdfDoc) {
			t.Fatalf("download: %d", dl.Code)
		}
		for k, want := range map[string]string{
			"Content-Disposition":     `attachment; filename="x.pdf"; filename*=UTF-8''x.pdf`,
			"X-Content-Type-Options":  "nosniff",
			"Content-Security-Policy": "default-src 'none'; sandbox",
			"Content-Type":            "application/pdf",
		} {
			if h.Get(k) != want {
				t.Errorf("%s = %q, want %q", k, h.Get(k), want)
			}
		}
		// Another organisation's document: by its own path and through A's.
		if got := e.Get(webtest.ApplicantB, url).Code; got != 404 {
			t.Errorf("B downloads A's document: %d", got)
		}
		if got := e.Get(webtest.ApplicantB, docsPath(e.OrgB.ID)+"/"+strconv.FormatInt(docs[0].ID, 10)).Code; got != 404 {
			t.Errorf("B downloads A's document through its own organisation: %d", got)
		}
		if got := e.Post(webtest.ApplicantB, url+"/delete", nil).Code; got != 404 {
			t.Errorf("B deletes A's document: %d", got)
		}
		if got := e.Post(webtest.ApplicantA, url+"/delete", nil).Code; got != 303 {
			t.Errorf("A deletes its document: %d", got)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("file left after delete: %v", left)
		}
	})
}
