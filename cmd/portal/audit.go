package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/subgrant/portal/internal/audit"
)

// runAudit checks the audit log: 'portal audit verify' walks the hash chain
// and exits non-zero naming the first broken row.
func runAudit(ctx context.Context, cio cmdIO, args []string) error {
	if helpRequested(args) {
		fmt.Fprintln(cio.out, "Usage: portal audit verify [flags]\n\nWalk the audit log's hash chain and name the first broken row; 'portal audit verify --help' lists the flags.")
		return nil
	}
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("usage: portal audit verify [flags]")
	}
	fs, f := newFlags(cio, "audit verify [flags]", "Walk the audit log's hash chain; exit 1 naming the first broken row.")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	_, d, err := openDB(ctx, fs, f)
	if err != nil {
		return err
	}
	defer d.Close()
	rep, err := audit.Verify(ctx, d)
	if err != nil {
		return err
	}
	if !rep.OK() {
		return errors.New(rep.String())
	}
	fmt.Fprintln(cio.out, rep.String())
	return nil
}
