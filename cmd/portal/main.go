// Command portal runs the Subgrant portal: serve, migrate, seed, user,
// token, config, export, remind, report, audit and version. Each subcommand answers --help.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// command is one subcommand of the binary.
type command struct {
	name, usage, summary string
	run                  func(ctx context.Context, io cmdIO, args []string) error
}

// cmdIO are the streams a command reads and writes.
type cmdIO struct {
	in       io.Reader
	out, err io.Writer
}

func commands() []command {
	return []command{
		{"serve", "serve [--addr :8080] [flags]", "migrate the database and serve the portal", runServe},
		{"migrate", "migrate [flags]", "apply the database migrations", runMigrate},
		{"seed", "seed demo --password P [--if-empty]", "create the demo organisations and accounts", runSeed},
		{"user", "user add --email E --name N --role R [--org ID] --password-stdin", "add a user", runUser},
		{"token", "token create --email E [--name LABEL]", "print a new API token for a user", runToken},
		{"config", "config [flags]", "print the effective configuration, secrets masked", runConfig},
		{"export", "export iati|360giving --programme ID --out FILE", "write a programme's open data: IATI 2.03 XML or 360Giving JSON", runExport},
		{"remind", "remind [--now RFC3339] [flags]", "send the reminders due now, once each (serve sends them every morning)", runRemind},
		{"audit", "audit verify [flags]", "walk the audit log's hash chain and name the first broken row", runAudit},
		{"report", "report NAME --format xlsx|pdf --out FILE [--programme ID] [--call ID] [--lang sq|en|sr]", "build a report (portal report --help lists them)", runReport},
		{"loadtest", "loadtest --url http://127.0.0.1:8080 --password P [flags]", "drive a portal on this machine with signed-in users", runLoadtest},
		{"version", "version", "print the version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], cmdIO{os.Stdin, os.Stdout, os.Stderr})
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, cio cmdIO) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(cio.out)
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, cio, args[1:])
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		if err != nil {
			fmt.Fprintf(cio.err, "portal %s: %v\n", c.name, err)
			return 1
		}
		return 0
	}
	fmt.Fprintf(cio.err, "portal: unknown command %q\n\n", args[0])
	usage(cio.err)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: portal <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'portal <command> --help' for the flags of a command.")
}
