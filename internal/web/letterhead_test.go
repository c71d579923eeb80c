package web_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

func testImage(t *testing.T, format string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, x%h, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Only officers reach the letterhead page; a saved letterhead with its
// logo heads the documents the portal issues.
func TestLetterheadMatrixAndDocuments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, _ := orgEnv(t, d)
		officers := func(code int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: code, webtest.ProgramOfficer: code}
		}
		e.CheckMatrix(t, []webtest.Case{
			{Name: "letterhead", Req: webtest.Request{Path: "/letterhead"}, Default: 403, Want: officers(200)},
			{Name: "no logo yet", Req: webtest.Request{Path: "/letterhead/logo"}, Default: 403, Want: officers(404)},
		})
		fields := map[string]string{"address": "Rruga Nënë Tereza 5, Prishtinë", "email": "zyra@example.org", "phone": "+383 38 123 456",
			"rep_name": "Besa Gashi", "rep_position": "Drejtoreshë ekzekutive"}
		for _, p := range []webtest.Principal{webtest.ApplicantA, webtest.FinanceOfficer, webtest.DonorOfficer} {
			if rec := orgUpload(t, e, p, "/letterhead", fields, "logo.png", testImage(t, "png", 60, 30), false); rec.Code != 403 {
				t.Errorf("%s saves the letterhead: %d", p, rec.Code)
			}
		}
		if rec := orgUpload(t, e, webtest.ProgramOfficer, "/letterhead", fields, "logo.png", testImage(t, "png", 60, 30), false); rec.Code != 303 {
			t.Fatalf("save: %d %s", rec.Code, rec.Body)
		}
		rec := e.Get(webtest.Admin, "/letterhead/logo")
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("logo: %d %q", rec.Code, rec.Header().Get("Content-Type"))
		}
		if b := e.Get(webtest.Admin, "/letterhead").Body.String(); !strings.Contains(b, `src="/letterhead/logo"`) || !strings.Contains(b, "Besa Gashi") {
			t.Error("the page does not show the saved letterhead")
		}
		if b := e.Get(webtest.ProgramOfficer, "/organisations").Body.String(); !strings.Contains(b, `href="/letterhead"`) {
			t.Error("the organisations page does not link the letterhead")
		}
		if b := e.Get(webtest.FinanceOfficer, "/organisations").Body.String(); strings.Contains(b, `href="/letterhead"`) {
			t.Error("finance is offered the letterhead it may not open")
		}
		f := newFindocFix(t, e)
		pdf := e.Get(webtest.ApplicantA, fmt.Sprintf("/grants/%d/statement.pdf", f.grantA)).Body.Bytes()
		if !bytes.Contains(pdf, []byte("/Subtype /Image")) {
			t.Error("the statement has no logo")
		}
		text := pdftextOf(t, pdf)
		for _, w := range []string{"Intermediary", "Rruga Nënë Tereza 5, Prishtinë", "zyra@example.org · +383 38 123 456", "Besa Gashi Drejtoreshë ekzekutive"} {
			if !strings.Contains(text, w) {
				t.Errorf("statement lacks %q", w)
			}
		}
	})
}

// A logo must be a PNG or JPEG image of at most 1 MB: anything else is
// refused beside the file field, nothing saved and no file kept.
func TestLetterheadRefusesBadLogos(t *testing.T) {
	e, dir := orgEnv(t, dbtest.SQLite(t))
	fields := map[string]string{"address": "Rruga 1"}
	big := append(testImage(t, "png", 10, 10), bytes.Repeat([]byte{0}, 1<<20)...)
	for _, c := range []struct {
		name    string
		content []byte
		fields  map[string]string
		want    int
	}{
		{"logo.gif", []byte("GIF89a......"), fields, 415},
		{"logo.pdf", []byte("%PDF-1.4 x"), fields, 415},
		{"logo.png", testImage(t, "jpeg", 20, 20), fields, 415},
		{"logo.png", []byte("\x89PNG\r\n\x1a\nnot an image at all"), fields, 415},
		{"logo.jpg", testImage(t, "png", 20, 20), fields, 415},
		{"logo.png", testImage(t, "png", 4001, 2), fields, 415},
		{"logo.png", big, fields, 413},
		{"logo.png", testImage(t, "png", 20, 20), map[string]string{"email": "not an email"}, 422},
	} {
		rec := orgUpload(t, e, webtest.Admin, "/letterhead", c.fields, c.name, c.content, false)
		if rec.Code != c.want {
			t.Errorf("%s (%d bytes): %d, want %d", c.name, len(c.content), rec.Code, c.want)
		}
		if c.want != 413 && !strings.Contains(rec.Body.String(), `class="field-error"`) {
			t.Errorf("%s: no message beside the field", c.name)
		}
	}
	if n := e.Count(`SELECT COUNT(*) FROM organisation_profiles WHERE logo_stored_name <> '' OR address <> ''`); n != 0 {
		t.Errorf("%d profiles changed by refused posts", n)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%d refused files left in the upload folder", len(entries))
	}
	if rec := orgUpload(t, e, webtest.Admin, "/letterhead", fields, "logo.jpeg", testImage(t, "jpeg", 30, 30), false); rec.Code != 303 {
		t.Errorf("a JPEG logo: %d", rec.Code)
	}
	if rec := orgUpload(t, e, webtest.Admin, "/letterhead", fields, "logo.png", testImage(t, "png", 30, 30), false); rec.Code != 303 {
		t.Errorf("a replacing PNG logo: %d", rec.Code)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files kept after a logo replaced another, want 1", len(entries))
	}
}
