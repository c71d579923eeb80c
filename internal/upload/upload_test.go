package upload

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, body := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(body))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSaveChecksTypeByExtensionAndContent(t *testing.T) {
	docx := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"})
	xlsx := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<wb/>"})
	odt := zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
	ods := zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet"})
	plainZip := zipOf(t, map[string]string{"a.txt": "hello"})
	tests := []struct {
		name string
		body []byte
		want error
	}{
		{"statute.pdf", []byte("%PDF-1.7\n1 0 obj"), nil},
		{"logo.PNG", pngBytes, nil},
		{"photo.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10}, nil},
		{"photo.jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE1}, nil},
		{"report.docx", docx, nil},
		{"budget.xlsx", xlsx, nil},
		{"statute.odt", odt, nil},
		{"budget.ods", ods, nil},
		{"virus.exe", []byte("MZ\x90\x00"), ErrType},
		{"renamed.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00"), ErrType},
		{"fake.png", []byte("%PDF-1.4"), ErrType},
		{"zip.docx", plainZip, ErrType},
		{"xlsx-as.docx", xlsx, ErrType},
		{"odt-as.ods", odt, ErrType},
		{"noext", []byte("%PDF-1.4"), ErrType},
		{"page.html", []byte("<script>"), ErrType},
		{"empty.pdf", nil, ErrEmpty},
		{"short.pdf", []byte("%P"), ErrType},
		{"invoice\u202Efdp.exe.pdf", []byte("%PDF-1.7"), ErrName},
		{"statute\u2066.pdf", []byte("%PDF-1.7"), ErrName},
		{"stat\u200Bute.pdf", []byte("%PDF-1.7"), ErrName},
		{"\uFEFFstatute.pdf", []byte("%PDF-1.7"), ErrName},
		{"Статут-Ниш.pdf", []byte("%PDF-1.7"), nil},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		s := New(dir, 1<<20)
		f, err := s.Save(bytes.NewReader(tt.body), tt.name)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
			continue
		}
		entries, _ := os.ReadDir(dir)
		if tt.want != nil {
			if len(entries) != 0 {
				t.Errorf("%s: refused but %d files left on disk", tt.name, len(entries))
			}
			continue
		}
		sum := sha256.Sum256(tt.body)
		if f.SHA256 != hex.EncodeToString(sum[:]) || f.Size != int64(len(tt.body)) {
			t.Errorf("%s: sha %s size %d", tt.name, f.SHA256, f.Size)
		}
		if len(entries) != 1 || entries[0].Name() != f.StoredName {
			t.Errorf("%s: on disk %v, stored name %s", tt.name, entries, f.StoredName)
		}
		got, _ := os.ReadFile(filepath.Join(dir, f.StoredName))
		if !bytes.Equal(got, tt.body) {
			t.Errorf("%s: stored content differs", tt.name)
		}
	}
}

func TestSaveEnforcesTheLimit(t *testing.T) {
	dir := t.TempDir()
	s := New(dir, 100)
	body := append([]byte("%PDF-"), bytes.Repeat([]byte("x"), 96)...)
	if _, err := s.Save(bytes.NewReader(body), "big.pdf"); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("101 bytes with a limit of 100: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%d files left after a refused upload", len(entries))
	}
	if _, err := s.Save(bytes.NewReader(body[:100]), "ok.pdf"); err != nil {
		t.Errorf("exactly the limit: %v", err)
	}
}

func TestZipLimits(t *testing.T) {
	files := map[string]string{"[Content_Types].xml": "x", "word/document.xml": "x"}
	for i := 0; i < MaxZipEntries; i++ {
		files["f/"+strconv.Itoa(i)] = ""
	}
	s := New(t.TempDir(), 10<<20)
	if _, err := s.Save(bytes.NewReader(zipOf(t, files)), "many.docx"); !errors.Is(err, ErrType) {
		t.Errorf("zip with %d entries: %v", len(files), err)
	}
}

// A file name with path elements is display text only.
func TestTraversalNameIsHarmless(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "uploads")
	s := New(dir, 1<<20)
	f, err := s.Save(bytes.NewReader([]byte("%PDF-1.4")), "../../x.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if f.DisplayName != "x.pdf" {
		t.Errorf("display name %q", f.DisplayName)
	}
	if !storedName.MatchString(f.StoredName) {
		t.Errorf("stored name %q", f.StoredName)
	}
	rootEntries, _ := os.ReadDir(root)
	if len(rootEntries) != 1 || rootEntries[0].Name() != "uploads" {
		t.Errorf("files outside the upload folder: %v", rootEntries)
	}
	if _, err := s.Open("../../etc/passwd"); err == nil {
		t.Error("Open accepted a path")
	}
	if err := s.Remove("../x"); err == nil {
		t.Error("Remove accepted a path")
	}
}

func TestSanitizeName(t *testing.T) {
	tests := map[string]string{
		"../../x":                         "x",
		`..\..\windows\evil.pdf`:          "evil.pdf",
		"statuti i OJQ-së.pdf":            "statuti i OJQ-së.pdf",
		".htaccess":                       "htaccess",
		"a\x00b\r\nc.pdf":                 "abc.pdf",
		`what"is<this>?.pdf`:              "what_is_this__.pdf",
		"":                                "document",
		"../..":                           "document",
		"   ":                             "document",
		strings.Repeat("a", 300) + ".pdf": strings.Repeat("a", MaxDisplayRunes-4) + ".pdf",
	}
	for in, want := range tests {
		if got := SanitizeName(in); got != want {
			t.Errorf("SanitizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestContentDisposition(t *testing.T) {
	got := ContentDisposition("Statuti Ë \"x\".pdf")
	want := `attachment; filename="Statuti _ _x_.pdf"; filename*=UTF-8''Statuti%20%C3%8B%20_x_.pdf`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := ContentDisposition("../../x"); !strings.Contains(got, `filename="x"`) {
		t.Errorf("traversal: %s", got)
	}
}

// A ZIP declaring more than MaxZipUncompressed is refused without being extracted.
func TestZipDeclaredSizeLimit(t *testing.T) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		f, _ := w.Create(name)
		f.Write([]byte("x"))
	}
	raw, err := w.CreateRaw(&zip.FileHeader{Name: "bomb.bin", Method: zip.Store, CompressedSize64: 1, UncompressedSize64: MaxZipUncompressed + 1})
	if err != nil {
		t.Fatal(err)
	}
	raw.Write([]byte("x"))
	w.Close()
	s := New(t.TempDir(), 10<<20)
	if _, err := s.Save(bytes.NewReader(buf.Bytes()), "bomb.docx"); !errors.Is(err, ErrType) {
		t.Errorf("zip declaring %d bytes: %v", MaxZipUncompressed+1, err)
	}
}
