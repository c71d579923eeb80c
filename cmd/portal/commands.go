package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/config"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/demo"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/upload"
	"github.com/subgrant/portal/internal/web"
)

// newFlags makes a flag set with the configuration overrides and a usage line.
func newFlags(cio cmdIO, usage, summary string) (*flag.FlagSet, *config.Flags) {
	fs := flag.NewFlagSet(usage, flag.ContinueOnError)
	fs.SetOutput(cio.err)
	fs.Usage = func() {
		fmt.Fprintf(cio.out, "Usage: portal %s\n\n%s\n\nFlags (each overrides its environment variable):\n", usage, summary)
		fs.SetOutput(cio.out)
		fs.PrintDefaults()
		fs.SetOutput(cio.err)
	}
	return fs, config.RegisterFlags(fs)
}

// openDB loads the configuration, opens the database and migrates it.
func openDB(ctx context.Context, fs *flag.FlagSet, f *config.Flags) (config.Config, *db.DB, error) {
	cfg, err := config.Load(fs, f)
	if err != nil {
		return cfg, nil, fmt.Errorf("configuration:\n%w", err)
	}
	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return cfg, nil, err
	}
	if _, err := d.Migrate(ctx); err != nil {
		d.Close()
		return cfg, nil, err
	}
	return cfg, d, nil
}

func newLogger(cfg config.Config, cio cmdIO, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Env == config.Prod {
		return slog.New(slog.NewJSONHandler(cio.err, opts))
	}
	return slog.New(slog.NewTextHandler(cio.err, opts))
}

func runServe(ctx context.Context, cio cmdIO, args []string) error {
	fs, f := newFlags(cio, "serve [flags]", "Migrate the database and serve the portal until SIGINT or SIGTERM.")
	demoPassword := fs.String("demo-password", "", "once listening, print the address and the demo logins with this password (make run)")
	var level slog.Level
	fs.TextVar(&level, "log-level", slog.LevelInfo, "log level: debug (each e-mail of the log mailer), info, warn or error")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, d, err := openDB(ctx, fs, f)
	if err != nil {
		return err
	}
	defer d.Close()
	log := newLogger(cfg, cio, level)
	var mailer notify.Mailer = notify.LogMailer{Log: log}
	if cfg.SMTPURL != "" {
		sm, err := notify.NewSMTPMailer(cfg.SMTPURL)
		if err != nil {
			return fmt.Errorf("PORTAL_SMTP_URL: %w", err)
		}
		sm.BaseURL = cfg.PublicBaseURL() // links into the portal are clickable in the HTML part
		mailer = sm
	}
	outbox := notify.NewOutbox(d, mailer)
	outbox.Log = log
	if cfg.SMTPURL == "" {
		// The log mailer is instant: empty the outbox before the banner.
		n, err := outbox.Drain(ctx)
		if err != nil {
			log.Warn("outbox: some mail not sent", "sent", n, "err", err)
		}
		if n > 0 {
			log.Info("outbox: mail delivered", "count", n, "mailer", "log")
		}
	}
	go outbox.Run(ctx, 5*time.Second)
	go purge(ctx, d, log, time.Hour)
	reminders, err := newReminders(d)
	if err != nil {
		return err
	}
	reminders.Log = log
	go reminders.Run(ctx, remindEvery) // each zone's morning reminders (issue 12)
	stores, err := web.NewStores(d, cfg, nil)
	if err != nil {
		return err
	}
	srv, err := web.New(web.Deps{Config: cfg, DB: d, Log: log, Version: version, Stores: &stores})
	if err != nil {
		return err
	}
	go srv.RunReportJobs(ctx) // background reports (issue 10)
	go srv.RunBulkJobs(ctx)   // bulk actions larger than a page's worth (issue 12)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	log.Info("portal listening", "addr", cfg.Addr, "url", cfg.PublicBaseURL(), "database", d.Driver, "env", cfg.Env)
	if *demoPassword != "" {
		url := cfg.PublicBaseURL()
		if _, port, err := net.SplitHostPort(ln.Addr().String()); err == nil && cfg.BaseURL == "" {
			url = "http://localhost:" + port // the port the system chose for :0
		}
		printBanner(cio.out, url, *demoPassword)
	}
	return web.ServeListener(ctx, ln, srv.Handler(), log, web.DefaultTimeouts)
}

// printBanner is the last thing make run shows: where the portal is and
// how to sign in to the demo.
func printBanner(w io.Writer, url, password string) {
	fmt.Fprintf(w, "\nThe portal is listening on %s\n", url)
	demo.PrintAccounts(w, password)
	fmt.Fprintln(w, "Stop it with Ctrl+C.")
}

func runMigrate(ctx context.Context, cio cmdIO, args []string) error {
	fs, f := newFlags(cio, "migrate [flags]", "Apply the embedded database migrations not yet applied.")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(fs, f)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer d.Close()
	applied, err := d.Migrate(ctx)
	for _, name := range applied {
		fmt.Fprintf(cio.out, "applied %s\n", name)
	}
	if err == nil && len(applied) == 0 {
		fmt.Fprintln(cio.out, "database is up to date")
	}
	return err
}

func runSeed(ctx context.Context, cio cmdIO, args []string) error {
	if len(args) == 0 || args[0] != "demo" {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			fmt.Fprintln(cio.out, "Usage: portal seed demo --password P [--if-empty]\n\nCreate the demo organisations and accounts (idempotent).")
			return nil
		}
		return errors.New("usage: portal seed demo --password P [--if-empty]")
	}
	fs, f := newFlags(cio, "seed demo --password P [--if-empty]", "Create the demo organisations and accounts; running it again changes nothing.")
	password := fs.String("password", "", "password of every demo account (at least 10 characters)")
	ifEmpty := fs.Bool("if-empty", false, "seed only when the database has no users yet")
	quiet := fs.Bool("quiet", false, "print one line, not the logins (make run prints them once the server listens)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *password == "" {
		return errors.New("--password is required")
	}
	cfg, d, err := openDB(ctx, fs, f)
	if err != nil {
		return err
	}
	defer d.Close()
	files := upload.New(cfg.UploadDir, int64(cfg.UploadMaxMB)<<20)
	res, err := demo.SeedWith(ctx, d, *password, *ifEmpty, files)
	if err != nil {
		return err
	}
	if *quiet {
		demo.PrintSummary(cio.out, res)
		return nil
	}
	demo.PrintLogins(cio.out, res, *password)
	return nil
}

func runUser(ctx context.Context, cio cmdIO, args []string) error {
	if helpRequested(args) {
		fmt.Fprintln(cio.out, "Usage: portal user add --email E --name N --role R [--org ID] [--lang sq|en|sr|sr-Cyrl] --password-stdin\n"+
			"       portal user reset-2fa --email E\n\nAdd a user, or remove a user's second factor; 'portal user add --help' lists the flags.")
		return nil
	}
	if len(args) > 0 && args[0] == "reset-2fa" {
		return runUserResetTwoFactor(ctx, cio, args[1:])
	}
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: portal user add --email E --name N --role R [--org ID] --password-stdin")
	}
	fs, f := newFlags(cio, "user add --email E --name N --role R [--org ID] --password-stdin", "Add a user; the password is read from standard input.")
	email := fs.String("email", "", "e-mail address (unique)")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "", "one of "+strings.Join(roleNames(), ", "))
	lang := fs.String("lang", "sq", "preferred language: sq, en or sr")
	org := fs.Int64("org", 0, "organisation id to join")
	stdin := fs.Bool("password-stdin", false, "read the password from standard input (required)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if !*stdin {
		return errors.New("--password-stdin is required: passwords never go on the command line")
	}
	line, err := bufio.NewReader(cio.in).ReadString('\n')
	if err != nil && line == "" {
		return errors.New("no password on standard input")
	}
	_, d, err := openDB(ctx, fs, f)
	if err != nil {
		return err
	}
	defer d.Close()
	store := auth.NewStore(d)
	if *org != 0 {
		if _, err := store.OrgByID(ctx, *org); err != nil {
			return fmt.Errorf("--org %d: no such organisation", *org)
		}
	}
	u, err := store.CreateUser(ctx, auth.NewUser{Email: *email, Name: *name, Role: auth.Role(*role), Lang: *lang,
		Password: strings.TrimRight(line, "\r\n")})
	if err != nil {
		return describe(err)
	}
	if *org != 0 {
		if err := store.AddMember(ctx, u.ID, *org); err != nil {
			return err
		}
	}
	fmt.Fprintf(cio.out, "added user %d %s (%s)\n", u.ID, u.Email, u.Role)
	return nil
}

func runToken(ctx context.Context, cio cmdIO, args []string) error {
	if helpRequested(args) {
		fmt.Fprintln(cio.out, "Usage: portal token create --email E [--name LABEL]\n\nPrint a new API token for a user; 'portal token create --help' lists the flags.")
		return nil
	}
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: portal token create --email E [--name LABEL]")
	}
	fs, f := newFlags(cio, "token create --email E [--name LABEL]", "Print a new API token for a user; only its hash is stored.")
	email := fs.String("email", "", "the user's e-mail address")
	name := fs.String("name", "cli", "a label to recognise the token by")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	_, d, err := openDB(ctx, fs, f)
	if err != nil {
		return err
	}
	defer d.Close()
	store := auth.NewStore(d)
	u, err := store.UserByEmail(ctx, *email)
	if err != nil {
		return fmt.Errorf("--email %q: no such user", *email)
	}
	plain, _, err := store.CreateToken(ctx, u.ID, *name)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintln(cio.out, plain)
	return nil
}

func runConfig(_ context.Context, cio cmdIO, args []string) error {
	fs, f := newFlags(cio, "config [flags]", "Print the effective configuration with secrets masked.")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(fs, f)
	for _, line := range cfg.Masked() {
		fmt.Fprintln(cio.out, line)
	}
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	return nil
}

func runVersion(_ context.Context, cio cmdIO, args []string) error {
	if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
		fmt.Fprintln(cio.out, "Usage: portal version\n\nPrint the version.")
		return nil
	}
	fmt.Fprintln(cio.out, "portal", version)
	return nil
}

// helpRequested reports whether a command with sub-subcommands was asked
// for help instead of being given one.
func helpRequested(args []string) bool {
	return len(args) > 0 && (args[0] == "--help" || args[0] == "-h")
}

func roleNames() []string {
	out := make([]string, len(auth.Roles))
	for i, r := range auth.Roles {
		out[i] = string(r)
	}
	return out
}

// purge deletes dead sessions, expired reset links and old login counters
// every interval until ctx ends.
func purge(ctx context.Context, d *db.DB, log *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := auth.NewStore(d).PurgeExpired(ctx); err != nil && ctx.Err() == nil {
			log.Warn("purge sessions", "error", err.Error())
		}
		if _, err := auth.NewThrottle(d, 1).Purge(ctx); err != nil && ctx.Err() == nil {
			log.Warn("purge login attempts", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
