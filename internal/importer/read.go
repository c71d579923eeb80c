package importer

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// File errors: each one's text is the catalogue key of its message.
var (
	ErrEmpty       = errors.New("import.error.file_empty")
	ErrTooLarge    = errors.New("import.error.file_too_large")
	ErrUnzipLimit  = errors.New("import.error.file_unzip")
	ErrFormat      = errors.New("import.error.file_format")
	ErrEncoding    = errors.New("import.error.file_encoding")
	ErrTooManyRows = errors.New("import.error.file_rows")
)

// FileKey is the catalogue key of a file error, "" for any other error.
func FileKey(err error) string {
	for _, e := range []error{ErrEmpty, ErrTooLarge, ErrUnzipLimit, ErrFormat, ErrEncoding, ErrTooManyRows} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return ""
}

// Unzip limits of an uploaded workbook: what excelize may unpack in all
// and per XML part, and how many entries the archive may have. A 2 MB
// file that claims more is a zip bomb.
const (
	maxUnzip    = 32 << 20
	maxUnzipXML = 16 << 20
	maxEntries  = 200
)

// table is a file's first sheet: the header cells and the data rows that
// are not empty, each with its row number as the file shows it.
type table struct {
	header    []string
	headerRow int
	rows      []line
}

type line struct {
	n     int
	cells []string
}

func (l line) cell(i int) string {
	if i < 0 || i >= len(l.cells) {
		return ""
	}
	return strings.TrimSpace(l.cells[i])
}

// read reads an XLSX workbook (by its ZIP signature) or a UTF-8 CSV file.
func read(b []byte) (table, error) {
	switch {
	case len(b) == 0:
		return table{}, ErrEmpty
	case len(b) > MaxBytes:
		return table{}, ErrTooLarge
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return readXLSX(b)
	}
	return readCSV(b)
}

func readXLSX(b []byte) (table, error) {
	if err := checkZip(b); err != nil {
		return table{}, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: maxUnzip, UnzipXMLSizeLimit: maxUnzipXML})
	if err != nil {
		if strings.Contains(err.Error(), "size limit") || strings.Contains(err.Error(), "exceeds") {
			return table{}, ErrUnzipLimit
		}
		return table{}, ErrFormat
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return table{}, ErrFormat
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return table{}, ErrFormat
	}
	defer rows.Close()
	var raw [][]string
	for rows.Next() {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return table{}, ErrFormat
		}
		raw = append(raw, cells)
		if len(raw) > MaxRows+1+MaxRows { // empty rows count too, within reason
			return table{}, ErrTooManyRows
		}
	}
	return tableOf(raw, func(i int) int { return i + 1 })
}

// checkZip refuses what is not a workbook, or an archive whose entries or
// declared unpacked size pass the limits, before excelize unpacks anything
// (archive/zip refuses an entry that unpacks to more than it declares).
func checkZip(b []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return ErrFormat
	}
	if len(zr.File) > maxEntries {
		return ErrUnzipLimit
	}
	var total uint64
	found := false
	for _, e := range zr.File {
		total += e.UncompressedSize64
		if total > maxUnzip || e.UncompressedSize64 > maxUnzipXML {
			return ErrUnzipLimit
		}
		found = found || e.Name == "xl/workbook.xml"
	}
	if !found {
		return ErrFormat
	}
	return nil
}

// readCSV reads UTF-8 (a byte-order mark is dropped) separated by commas
// or semicolons, whichever the header line has more of outside quotes.
func readCSV(b []byte) (table, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
		return table{}, ErrEncoding
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = separator(b)
	r.FieldsPerRecord = -1
	var raw [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return table{}, ErrFormat
		}
		if len(raw) > MaxRows+1+MaxRows {
			return table{}, ErrTooManyRows
		}
		ln, _ := r.FieldPos(0)
		raw, lines = append(raw, rec), append(lines, ln)
	}
	return tableOf(raw, func(i int) int { return lines[i] })
}

func separator(b []byte) rune {
	first := b
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		first = b[:i]
	}
	quoted, commas, semis := false, 0, 0
	for _, c := range first {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// tableOf takes the first non-empty row as the header and keeps the
// non-empty rows after it, numbered by num.
func tableOf(raw [][]string, num func(int) int) (table, error) {
	var t table
	seenHeader := false
	for i, cells := range raw {
		if blank(cells) {
			continue
		}
		if len(cells) > MaxColumns {
			return table{}, ErrFormat
		}
		if !seenHeader {
			t.header, t.headerRow, seenHeader = cells, num(i), true
			continue
		}
		if len(t.rows) == MaxRows {
			return table{}, ErrTooManyRows
		}
		t.rows = append(t.rows, line{n: num(i), cells: cells})
	}
	if !seenHeader {
		return table{}, ErrEmpty
	}
	return t, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
