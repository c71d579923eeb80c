package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/award"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/findoc"
	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/payment"
	"github.com/subgrant/portal/internal/programme"
	"github.com/subgrant/portal/internal/report"
	"github.com/subgrant/portal/internal/review"
	"github.com/subgrant/portal/internal/upload"
)

const reportUsage = "report NAME --format xlsx|pdf --out FILE [--programme ID] [--call ID] [--stage full|concept] [--grant ID] [--lang sq|en|sr] [flags]"

// newRegistry is the report registry on d (nil: one that only lists);
// files is the upload folder holding the letterhead's logo (nil: none).
func newRegistry(d *db.DB, files *upload.Store) (*report.Registry, *i18n.Catalogue, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, nil, err
	}
	ps, err := donor.Load()
	if err != nil {
		return nil, nil, err
	}
	deps := report.Deps{DB: d, Cat: cat, Profiles: ps}
	if d != nil {
		deps.Awards = award.NewStore(d, review.NewStore(d, ps), cat)
		deps.Findoc = findoc.Stores{DB: d, Programmes: programme.NewStore(d), Grants: grant.NewStore(d, ps), Payments: &payment.Store{DB: d}}
		deps.Issuer = org.DocumentIssuer(&org.Store{DB: d}, files)
		deps.Awards.Issuer = deps.Issuer
	}
	return report.New(deps), cat, nil
}

// printReports lists every report, one per line, indented, with its
// description and what it needs.
func printReports(w io.Writer) error {
	reg, cat, err := newRegistry(nil, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Usage: portal %s\n\nBuild a report as the command line (every programme) and write it to FILE whole.\n\nReports:\n", reportUsage)
	for _, r := range reg.List() {
		var needs []string
		for _, p := range r.Needs {
			needs = append(needs, "--"+string(p))
		}
		fmt.Fprintf(w, "  %-20s %s (%s; needs %s)\n", r.Name, cat.T(i18n.EN, r.DescriptionKey()), strings.Join(r.Formats, ", "), strings.Join(needs, ", "))
	}
	fmt.Fprintln(w, "\n'portal report NAME --help' lists the flags.")
	return nil
}

// runReport builds a report into a temporary file beside --out and
// renames it, so a failure never leaves a truncated file.
func runReport(ctx context.Context, cio cmdIO, args []string) error {
	if len(args) == 0 || helpRequested(args) {
		return printReports(cio.out)
	}
	name := args[0]
	fs, f := newFlags(cio, reportUsage, "Build the report NAME and write it to FILE.")
	format := fs.String("format", "", "xlsx or pdf (default: the report's first format)")
	out := fs.String("out", "", "the file to write (required)")
	prog := fs.Int64("programme", 0, "the programme's id")
	callID := fs.Int64("call", 0, "the call's id")
	stage := fs.String("stage", "", "the call's stage: full (default) or concept")
	grantID := fs.Int64("grant", 0, "the grant's id")
	lang := fs.String("lang", "sq", "the report's language: sq, en or sr")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out FILE is required")
	}
	cfg, d, err := openDB(ctx, fs, f)
	if err != nil {
		return err
	}
	defer d.Close()
	reg, _, err := newRegistry(d, upload.New(cfg.UploadDir, int64(cfg.UploadMaxMB)<<20))
	if err != nil {
		return err
	}
	rep, ok := reg.Get(name)
	if !ok {
		return fmt.Errorf("unknown report %q; 'portal report --help' lists them", name)
	}
	if *format == "" {
		*format = rep.Formats[0]
	}
	doc, err := reg.Build(ctx, report.Request{Name: name, Format: *format, Lang: i18n.Lang(*lang), ProgrammeID: *prog, CallID: *callID,
		Stage: *stage, GrantID: *grantID, Scope: access.Everything()})
	if err != nil {
		return describe(err)
	}
	return saveReport(*out, doc.Body, cio)
}

// saveReport writes b to a temporary file in path's folder, then renames it
// (readable by others, as a report is meant to be shared).
func saveReport(path string, b []byte, cio cmdIO) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	fmt.Fprintf(cio.out, "wrote %s (%d bytes)\n", path, len(b))
	return nil
}
