package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
)

// zipBomb is a small archive that names itself a workbook and unpacks a
// sheet of size bytes.
func zipBomb(t *testing.T, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string][]byte{
		"[Content_Types].xml": []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`),
		"xl/workbook.xml":     []byte(`<?xml version="1.0"?><workbook/>`),
	} {
		w, _ := zw.Create(name)
		w.Write(body)
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for n := 0; n < size; n += len(chunk) {
		w.Write(chunk)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Uploaded workbooks are opened with unzip limits: a small file that
// unpacks to 200 MB is refused with its own message, as is a file over
// the size limit, an empty one and one that is no workbook.
func TestFilesRefused(t *testing.T) {
	bomb := zipBomb(t, 200<<20)
	if len(bomb) > MaxBytes {
		t.Fatalf("the bomb is %d bytes, not a small file", len(bomb))
	}
	big := append(csvOf(",", orgRows(1)), bytes.Repeat([]byte("x"), MaxBytes)...)
	for name, c := range map[string]struct {
		b    []byte
		want error
	}{
		"zip bomb":      {bomb, ErrUnzipLimit},
		"too large":     {big, ErrTooLarge},
		"empty":         {nil, ErrEmpty},
		"blank":         {[]byte("\xef\xbb\xbf\r\n  \r\n,,\r\n"), ErrEmpty},
		"not a sheet":   {[]byte("PK\x03\x04garbage"), ErrFormat},
		"latin-1 CSV":   {[]byte("Name,Kind\nShpres\xeb,ngo\n"), ErrEncoding},
		"broken quotes": {[]byte("Name,Kind\n\"open,ngo\nx\"y,z\n"), ErrFormat},
	} {
		_, err := read(c.b)
		if !errors.Is(err, c.want) || FileKey(err) != c.want.Error() {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	cat := testCat(t)
	for _, e := range []error{ErrEmpty, ErrTooLarge, ErrUnzipLimit, ErrFormat, ErrEncoding, ErrTooManyRows} {
		for _, l := range i18n.Langs {
			if msg := cat.T(l, e.Error()); strings.HasPrefix(msg, "[") || msg == "" {
				t.Errorf("%s has no message in %s", e, l)
			}
		}
	}
}

// CSV: UTF-8 with a byte-order mark, semicolons, headers in Serbian and
// Albanian mixed, municipality names without accents or in Serbian.
func TestCSVWithSemicolonsAndBOM(t *testing.T) {
	d := dbtest.SQLite(t)
	s, by := newStore(t, d), officer(t, d)
	file := "\xef\xbb\xbf" + `Naziv *;Vrsta;Registarski broj;Komuna;Kontakt osoba;E-pošta kontakt osobe` + "\r\n" +
		`"Udruženje ""Nada""; Gračanica";NVO;70/2019;Gracanica;Jelena Jović;jelena@nada.example` + "\r\n" +
		`Shoqata Jeta;Komunë;NJQV-010;Đakovica;Arben Krasniqi;arben@jeta.example` + "\r\n"
	res, err := s.Upload(context.Background(), by, Organisations, "nada.csv", []byte(file), i18n.SR)
	if err != nil || !res.Clean() {
		t.Fatalf("check: %v %s", err, problemsText(res.Problems))
	}
	o := res.Orgs
	if len(o) != 2 || o[0].Name != `Udruženje "Nada"; Gračanica` || o[0].Kind != "ngo" || o[0].Municipality != "XK-GRACANICE" ||
		o[0].ContactLang != "sr" || o[1].Kind != "municipality" || o[1].Municipality != "XK-GJAKOVE" || o[1].Row != 3 {
		t.Errorf("rows read: %+v", o)
	}
}

// The templates of every kind in every language read back: the headers
// the portal writes are the headers it accepts, and the instructions
// sheet is not data.
func TestTemplatesRoundTrip(t *testing.T) {
	d := dbtest.SQLite(t)
	s, by := newStore(t, d), officer(t, d)
	cat := testCat(t)
	ctx := context.Background()
	for _, lang := range i18n.Langs {
		for _, k := range Kinds {
			row := map[string]string{"name": "Drita " + string(lang), "kind": "ngo", "registration_number": "R-" + string(lang) + string(k),
				"municipality": "AL-TIRANE", "contact_name": "Ana", "contact_email": "ana-" + string(lang) + "@x.example",
				"email": "eval-" + string(lang) + "@x.example", "iban": iban(7)}
			b, err := TemplateXLSX(cat, k, lang)
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			sheets := f.GetSheetList()
			if len(sheets) != 2 || sheets[0] != cat.T(lang, "import.sheet."+string(k)) {
				t.Errorf("%s %s: sheets %v", k, lang, sheets)
			}
			for i, c := range k.Columns() {
				cell, _ := excelize.CoordinatesToCellName(i+1, 2)
				f.SetCellStr(sheets[0], cell, row[c.Key])
			}
			var buf bytes.Buffer
			f.Write(&buf)
			f.Close()
			res, err := s.Upload(ctx, by, k, "t.xlsx", buf.Bytes(), lang)
			if err != nil || !res.Clean() || res.Rows != 1 {
				t.Errorf("%s %s xlsx: %v %d rows %s", k, lang, err, res.Rows, problemsText(res.Problems))
			}
			csvb, err := TemplateCSV(cat, k, lang)
			if err != nil {
				t.Fatal(err)
			}
			sep := ";"
			if lang == i18n.EN {
				sep = ","
			}
			var cells []string
			for _, c := range k.Columns() {
				cells = append(cells, row[c.Key])
			}
			csvb = append(csvb, []byte(strings.Join(cells, sep)+"\r\n")...)
			if !bytes.HasPrefix(csvb, []byte("\xef\xbb\xbf")) || !strings.Contains(string(csvb), cat.T(lang, "import.col.name")) {
				t.Errorf("%s %s csv template: %q", k, lang, csvb)
			}
			res, err = s.Upload(ctx, by, k, "t.csv", csvb, lang)
			if err != nil || !res.Clean() || res.Rows != 1 {
				t.Errorf("%s %s csv: %v %d rows %s", k, lang, err, res.Rows, problemsText(res.Problems))
			}
		}
	}
}
