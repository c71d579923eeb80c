package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/subgrant/portal/internal/demo"
	"github.com/subgrant/portal/internal/loadtest"
)

// runLoadtest drives a portal on this machine; see internal/loadtest.
func runLoadtest(ctx context.Context, cio cmdIO, args []string) error {
	const usage = "loadtest --url http://127.0.0.1:8080 --password P [flags]"
	fs := flag.NewFlagSet(usage, flag.ContinueOnError)
	fs.SetOutput(cio.err)
	fs.Usage = func() {
		fmt.Fprintf(cio.out, "Usage: portal %s\n\n%s\n\nFlags:\n", usage, loadtestSummary)
		fs.SetOutput(cio.out)
		fs.PrintDefaults()
		fs.SetOutput(cio.err)
	}
	var emails []string
	for _, a := range demo.Accounts {
		emails = append(emails, a.Email)
	}
	target := fs.String("url", "http://127.0.0.1:8080", "base URL of the portal; only 127.0.0.0/8 and ::1 are accepted")
	users := fs.String("users", strings.Join(emails, ","), "comma-separated e-mail addresses to sign in as")
	password := fs.String("password", "", "password of every user (the demo password is public; otherwise use --password-stdin)")
	stdin := fs.Bool("password-stdin", false, "read the password from standard input")
	concurrency := fs.Int("concurrency", 10, "virtual users, each with its own session")
	duration := fs.Duration("duration", 30*time.Second, "how long to send requests, after the sign-ins")
	requests := fs.Int("requests", 1_000_000, "at most this many page requests in all")
	think := fs.Duration("think", 0, "pause of each virtual user after each answer (0: full speed)")
	mix := fs.String("mix", "", "weighted paths, such as /home=30,/healthz=10 (default: the built-in mix)")
	timeout := fs.Duration("timeout", 10*time.Second, "timeout of one request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *stdin {
		line, err := bufio.NewReader(cio.in).ReadString('\n')
		if err != nil && line == "" {
			return errors.New("no password on standard input")
		}
		*password = strings.TrimRight(line, "\r\n")
	}
	cfg := loadtest.Config{URL: *target, Users: loadtest.SplitList(*users), Password: *password,
		Concurrency: *concurrency, Duration: *duration, Requests: *requests, Think: *think, Timeout: *timeout}
	if *mix != "" {
		m, err := loadtest.ParseMix(*mix)
		if err != nil {
			return err
		}
		cfg.Mix = m
	}
	rep, err := loadtest.Run(ctx, cfg)
	if err != nil {
		return err
	}
	rep.Print(cio.out)
	return nil
}

const loadtestSummary = `Sign virtual users in through the login form, then request a weighted mix of
pages until --requests have been sent or --duration has passed, and print the
count, errors and p50/p95/p99/max latency per path and the throughput.
Errors are answers other than 2xx/3xx, redirects to /login (a dead session)
and requests without an answer; a 429 is counted and its Retry-After obeyed.
Only this machine may be targeted: any other address is refused before
anything is sent.`
