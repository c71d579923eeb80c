package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/opendata"
)

const exportUsage = "export iati|360giving --programme ID --out FILE [flags]"

// exportHelp names every format, one per line, with what it holds.
const exportHelp = `Write a programme's open data to FILE. Formats:
  iati        IATI 2.03 activity XML: the programme as parent activity, each signed
              sub-grant a child activity (commitment, payments, planned tranches)
  360giving   360Giving 1.4 JSON data package: a grant per signed sub-grant`

// runExport writes 'portal export FORMAT --programme ID --out FILE'. The
// file is written whole or not at all (a temporary file renamed into place).
func runExport(ctx context.Context, cio cmdIO, args []string) error {
	if len(args) == 0 || helpRequested(args) {
		fmt.Fprintf(cio.out, "Usage: portal %s\n\n%s\n\n'portal export iati --help' lists the flags.\n", exportUsage, exportHelp)
		if len(args) == 0 {
			return errors.New("name a format: iati or 360giving")
		}
		return nil
	}
	format, err := opendata.ParseFormat(args[0])
	if err != nil {
		return fmt.Errorf("unknown format %q: the formats are iati and 360giving", args[0])
	}
	fs, f := newFlags(cio, exportUsage, exportHelp)
	id := fs.Int64("programme", 0, "the programme's number (as in /programmes/ID)")
	out := fs.String("out", "", "the file to write")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *id <= 0 {
		return errors.New("--programme: give the programme's number")
	}
	if strings.TrimSpace(*out) == "" {
		return errors.New("--out: give the file to write")
	}
	_, d, err := openDB(ctx, fs, f)
	if err != nil {
		return err
	}
	defer d.Close()
	ex, err := opendata.NewStore(d).Load(ctx, *id, access.Everything())
	if err != nil {
		return fmt.Errorf("--programme %d: %w", *id, describe(err))
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := opendata.Write(&buf, cat, format, ex); err != nil {
		return describe(err)
	}
	if err := writeWhole(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(cio.out, "%s: %s of programme %d, %d sub-grants\n", *out, format, *id, len(ex.Grants))
	return nil
}

// writeWhole writes b to path through a temporary file in the same folder.
func writeWhole(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".export-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // gone once renamed
	if _, err := tmp.Write(b); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
