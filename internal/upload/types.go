package upload

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Unzip limits for office files: they are never extracted, but a ZIP with
// absurd declared sizes or entry counts is refused as a likely bomb.
const (
	MaxZipEntries      = 2000
	MaxZipUncompressed = 200 << 20
)

// kind is one allowed file type.
type kind struct {
	contentType string
	check       func(f *os.File, size int64) error
}

// Extensions lists the allowed extensions (lower case, with the dot).
var Extensions = []string{".pdf", ".docx", ".xlsx", ".odt", ".ods", ".jpg", ".jpeg", ".png"}

func kindOf(filename string) (kind, bool) {
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".pdf":
		return kind{"application/pdf", prefix([]byte("%PDF-"))}, true
	case ".png":
		return kind{"image/png", prefix([]byte("\x89PNG\r\n\x1a\n"))}, true
	case ".jpg", ".jpeg":
		return kind{"image/jpeg", prefix([]byte{0xFF, 0xD8, 0xFF})}, true
	case ".docx":
		return kind{"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			ooxml("word/document.xml")}, true
	case ".xlsx":
		return kind{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			ooxml("xl/workbook.xml")}, true
	case ".odt":
		return kind{"application/vnd.oasis.opendocument.text", odf("application/vnd.oasis.opendocument.text")}, true
	case ".ods":
		return kind{"application/vnd.oasis.opendocument.spreadsheet", odf("application/vnd.oasis.opendocument.spreadsheet")}, true
	}
	return kind{}, false
}

// prefix checks the file's first bytes (its magic number).
func prefix(magic []byte) func(*os.File, int64) error {
	return func(f *os.File, _ int64) error {
		head := make([]byte, len(magic))
		if _, err := f.ReadAt(head, 0); err != nil || !bytes.Equal(head, magic) {
			return ErrType
		}
		return nil
	}
}

// openZip checks the ZIP signature and the unzip limits and returns its entries.
func openZip(f *os.File, size int64) (map[string]*zip.File, error) {
	if err := prefix([]byte("PK\x03\x04"))(f, size); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(f, size)
	if err != nil || len(zr.File) > MaxZipEntries {
		return nil, ErrType
	}
	var total uint64
	entries := make(map[string]*zip.File, len(zr.File))
	for _, e := range zr.File {
		total += e.UncompressedSize64
		if total > MaxZipUncompressed {
			return nil, ErrType
		}
		entries[e.Name] = e
	}
	return entries, nil
}

// ooxml checks a Word or Excel file: a ZIP with [Content_Types].xml and its main part.
func ooxml(main string) func(*os.File, int64) error {
	return func(f *os.File, size int64) error {
		entries, err := openZip(f, size)
		if err != nil {
			return err
		}
		if entries["[Content_Types].xml"] == nil || entries[main] == nil {
			return ErrType
		}
		return nil
	}
}

// odf checks an OpenDocument file: a ZIP whose mimetype entry names the type.
func odf(mimetype string) func(*os.File, int64) error {
	return func(f *os.File, size int64) error {
		entries, err := openZip(f, size)
		if err != nil {
			return err
		}
		e := entries["mimetype"]
		if e == nil || e.UncompressedSize64 > 128 {
			return ErrType
		}
		rc, err := e.Open()
		if err != nil {
			return ErrType
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, 128))
		if err != nil || string(bytes.TrimSpace(b)) != mimetype {
			return ErrType
		}
		return nil
	}
}
