package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
)

// configVars are every variable config reads; each test starts with none set.
var configVars = []string{"DATABASE_URL", "PORTAL_ADDR", "PORTAL_BASE_URL", "PORTAL_ENV", "PORTAL_TRUSTED_PROXIES", "PORTAL_SMTP_URL",
	"PORTAL_UPLOAD_DIR", "PORTAL_UPLOAD_MAX_MB", "PORTAL_2FA"}

// isolate clears the configuration variables and points DATABASE_URL at a
// fresh SQLite file, whose path it returns, and the uploads beside it.
func isolate(t *testing.T) string {
	t.Helper()
	for _, v := range configVars {
		t.Setenv(v, "")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "portal.db")
	t.Setenv("DATABASE_URL", path)
	t.Setenv("PORTAL_UPLOAD_DIR", filepath.Join(dir, "uploads")) // the demo writes its documents
	return path
}

type result struct {
	code     int
	out, err string
}

// portal runs the command line in-process with stdin and returns what it did.
// The deadline only stops a hung command: seeding the whole demo under the
// race detector on a loaded 2-core machine took over a minute.
func portal(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	code := run(ctx, args, cmdIO{in: strings.NewReader(stdin), out: &out, err: &errb})
	return result{code: code, out: out.String(), err: errb.String()}
}

func (r result) String() string {
	return "exit " + strconv.Itoa(r.code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err
}

// openStore opens the SQLite file a command wrote, closed at the end of the test.
func openStore(t *testing.T, path string) *auth.Store {
	t.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { d.Close() })
	return auth.NewStore(d)
}

func TestHelpListsEverySubcommand(t *testing.T) {
	isolate(t)
	names := map[string]bool{}
	for _, c := range commands() {
		names[c.name] = true
	}
	for _, name := range []string{"serve", "migrate", "seed", "user", "token", "config", "version"} {
		if !names[name] {
			t.Errorf("the README's subcommand %q is missing", name)
		}
	}
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {}} {
		r := portal(t, "", args...)
		if r.code != 0 {
			t.Errorf("portal %v: %s", args, r)
			continue
		}
		if !strings.Contains(r.out, "Usage: portal <command>") {
			t.Errorf("portal %v: no usage line:\n%s", args, r.out)
		}
		for _, c := range commands() {
			if !strings.Contains(r.out, "\n  "+c.name+" ") {
				t.Errorf("portal %v does not list %q:\n%s", args, c.name, r.out)
			}
		}
	}
}

// Every subcommand, and every sub-subcommand, answers --help with exit 0
// and a usage line, without touching the database.
func TestEverySubcommandAnswersHelp(t *testing.T) {
	path := isolate(t)
	cases := [][]string{
		{"seed", "demo", "--help"}, {"user", "add", "--help"}, {"token", "create", "--help"},
	}
	for _, c := range commands() {
		cases = append(cases, []string{c.name, "--help"}, []string{c.name, "-h"})
	}
	for _, args := range cases {
		r := portal(t, "", args...)
		if r.code != 0 {
			t.Errorf("portal %s: %s", strings.Join(args, " "), r)
			continue
		}
		if want := "Usage: portal " + args[0]; !strings.Contains(r.out, want) {
			t.Errorf("portal %s: stdout lacks %q:\n%s", strings.Join(args, " "), want, r.out)
		}
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("--help created or opened the database %s (stat: %v)", path, err)
	}
}

func TestUnknownCommand(t *testing.T) {
	isolate(t)
	r := portal(t, "", "frobnicate")
	if r.code != 2 {
		t.Fatalf("unknown command: %s", r)
	}
	if !strings.Contains(r.err, `"frobnicate"`) || !strings.Contains(r.err, "Usage: portal") {
		t.Errorf("stderr should name the command and show the usage:\n%s", r.err)
	}
	if r.out != "" {
		t.Errorf("stdout = %q, want nothing", r.out)
	}
}

// migrate applies the migrations once, then says the database is up to
// date; --database-url overrides DATABASE_URL.
func TestMigrate(t *testing.T) {
	envPath := isolate(t)
	flagPath := filepath.Join(t.TempDir(), "flag.db")
	r := portal(t, "", "migrate", "--database-url", flagPath)
	if r.code != 0 || !strings.Contains(r.out, "applied ") {
		t.Fatalf("first migrate: %s", r)
	}
	r = portal(t, "", "migrate", "--database-url", flagPath)
	if r.code != 0 || strings.TrimSpace(r.out) != "database is up to date" {
		t.Fatalf("second migrate: %s", r)
	}
	if _, err := os.Stat(flagPath); err != nil {
		t.Errorf("the --database-url file: %v", err)
	}
	if _, err := os.Stat(envPath); !os.IsNotExist(err) {
		t.Errorf("DATABASE_URL was used although --database-url was given (stat: %v)", err)
	}
	t.Setenv("DATABASE_URL", "mysql://u:s3cret@h/db")
	r = portal(t, "", "migrate")
	if r.code != 1 || !strings.Contains(r.err, "DATABASE_URL") || strings.Contains(r.err+r.out, "s3cret") {
		t.Errorf("migrate with a bad DATABASE_URL: %s", r)
	}
}

func countUsers(t *testing.T, s *auth.Store) int {
	t.Helper()
	list, err := s.ListUsers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// seed demo creates the twelve demo accounts, prints every login, creates
// nothing the second time, --if-empty skips a database with users, the
// audit chain it leaves verifies, and serve then prints the banner last.
func TestSeedDemo(t *testing.T) {
	path := isolate(t)
	const pw = "seed-password-123"
	r := portal(t, "", "seed", "demo", "--password", pw)
	if r.code != 0 {
		t.Fatalf("seed: %s", r)
	}
	m := regexp.MustCompile(`\((\d+) organisations and 12 accounts created\)`).FindStringSubmatch(r.out)
	orgs := -1
	if m != nil {
		orgs, _ = strconv.Atoi(m[1])
	}
	if orgs < 5 {
		t.Errorf("seed output does not report at least 7 organisations and 12 accounts:\n%s", r.out)
	}
	logins := []string{"admin", "officer", "finance", "donor", "evaluator1", "evaluator2", "evaluator3",
		"applicant1", "applicant2", "applicant3", "donor-undp", "donor-unicef"}
	for _, l := range logins {
		if !strings.Contains(r.out, l+"@demo.example") {
			t.Errorf("seed output lacks the login %s@demo.example", l)
		}
	}
	if !strings.Contains(r.out, pw) {
		t.Errorf("seed output does not give the password")
	}
	store := openStore(t, path)
	if n := countUsers(t, store); n != 12 {
		t.Fatalf("users after seeding: %d, want 12", n)
	}

	r = portal(t, "", "seed", "demo", "--password", pw)
	if r.code != 0 || !strings.Contains(r.out, "0 organisations and 0 accounts created") {
		t.Errorf("second seed: %s", r)
	}
	r = portal(t, "", "seed", "demo", "--if-empty", "--password", "another-password-1")
	if r.code != 0 || !strings.Contains(r.out, "already has users") {
		t.Errorf("seed --if-empty on a database with users: %s", r)
	}
	if n := countUsers(t, store); n != 12 {
		t.Errorf("users after reseeding: %d, want 12", n)
	}
	if _, err := store.Authenticate(context.Background(), "admin@demo.example", pw); err != nil {
		t.Errorf("the first password no longer works after reseeding: %v", err)
	}
	// The demo's many transactions (and the reseeding) leave an intact
	// audit chain with rows in it.
	r = portal(t, "", "audit", "verify")
	if r.code != 0 || !strings.Contains(r.out, "intact") || strings.Contains(r.out, "intact: 0 rows") {
		t.Errorf("audit verify after the demo: %s", r)
	}

	for _, args := range [][]string{{"seed"}, {"seed", "dmeo"}, {"seed", "demo"}} {
		if r := portal(t, "", args...); r.code != 1 || r.err == "" {
			t.Errorf("portal %s: %s", strings.Join(args, " "), r)
		}
	}
	if r := portal(t, "", "seed", "demo"); !strings.Contains(r.err, "--password") {
		t.Errorf("seed without --password does not name the flag: %s", r.err)
	}
	checkServeBanner(t, pw)
}

// user add reads the password from stdin; bad input names the flag at fault.
func TestUserAdd(t *testing.T) {
	path := isolate(t)
	ctx := context.Background()
	r := portal(t, "a-long-enough-password\r\n", "user", "add", "--email", "Nora@Test.example", "--name", "Nora Kelmendi",
		"--role", "program_officer", "--lang", "en", "--password-stdin")
	if r.code != 0 || !strings.Contains(r.out, "added user") {
		t.Fatalf("user add: %s", r)
	}
	store := openStore(t, path)
	u, err := store.Authenticate(ctx, "nora@test.example", "a-long-enough-password")
	if err != nil {
		t.Fatalf("the new user cannot sign in: %v", err)
	}
	if u.Role != auth.ProgramOfficer || u.Lang != "en" || u.Name != "Nora Kelmendi" {
		t.Errorf("user = %+v", u)
	}

	org, err := store.CreateOrg(ctx, "OJQ Test", "ngo")
	if err != nil {
		t.Fatal(err)
	}
	r = portal(t, "no-newline-password", "user", "add", "--email", "member@test.example", "--name", "M",
		"--role", "applicant", "--org", strconv.FormatInt(org.ID, 10), "--password-stdin")
	if r.code != 0 {
		t.Fatalf("user add --org: %s", r)
	}
	m, err := store.UserByEmail(ctx, "member@test.example")
	if err != nil {
		t.Fatal(err)
	}
	if ids, _ := store.OrgIDsOf(ctx, m.ID); len(ids) != 1 || ids[0] != org.ID {
		t.Errorf("member's organisations = %v, want [%d]", ids, org.ID)
	}

	bad := []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"bad role", "a-long-enough-password\n", []string{"--email", "x@test.example", "--name", "X", "--role", "king", "--password-stdin"}, "--role"},
		{"bad email", "a-long-enough-password\n", []string{"--email", "not-an-email", "--name", "X", "--role", "applicant", "--password-stdin"}, "--email"},
		{"taken email", "a-long-enough-password\n", []string{"--email", "NORA@test.example", "--name", "X", "--role", "applicant", "--password-stdin"}, "--email"},
		{"bad lang", "a-long-enough-password\n", []string{"--email", "x@test.example", "--name", "X", "--role", "applicant", "--lang", "de", "--password-stdin"}, "--lang"},
		{"short password", "short\n", []string{"--email", "x@test.example", "--name", "X", "--role", "applicant", "--password-stdin"}, "--password"},
		{"no name", "a-long-enough-password\n", []string{"--email", "x@test.example", "--role", "applicant", "--password-stdin"}, "--name"},
		{"unknown org", "a-long-enough-password\n", []string{"--email", "x@test.example", "--name", "X", "--role", "applicant", "--org", "987654", "--password-stdin"}, "--org"},
		{"password on the command line", "", []string{"--email", "x@test.example", "--name", "X", "--role", "applicant"}, "--password-stdin"},
		{"empty stdin", "", []string{"--email", "x@test.example", "--name", "X", "--role", "applicant", "--password-stdin"}, "standard input"},
		{"unknown flag", "", []string{"--password", "in-the-clear-123"}, "password"},
	}
	for _, c := range bad {
		r := portal(t, c.stdin, append([]string{"user", "add"}, c.args...)...)
		if r.code == 0 || !strings.Contains(r.err, c.want) {
			t.Errorf("%s: want a failure naming %q, got %s", c.name, c.want, r)
		}
	}
	if n := countUsers(t, store); n != 2 {
		t.Errorf("users after the refused commands: %d, want 2", n)
	}
	if r := portal(t, "", "user", "remove"); r.code != 1 || !strings.Contains(r.err, "usage: portal user add") {
		t.Errorf("user remove: %s", r)
	}
}

// token create prints a token (once) that authenticates its user.
func TestTokenCreate(t *testing.T) {
	path := isolate(t)
	if r := portal(t, "", "migrate"); r.code != 0 {
		t.Fatalf("migrate: %s", r)
	}
	store := openStore(t, path)
	ctx := context.Background()
	u, err := store.CreateUser(ctx, auth.NewUser{Email: "api@test.example", Name: "API", Role: auth.Admin, Password: "a-long-enough-password"})
	if err != nil {
		t.Fatal(err)
	}
	r := portal(t, "", "token", "create", "--email", "API@test.example", "--name", "ci robot")
	if r.code != 0 {
		t.Fatalf("token create: %s", r)
	}
	tok := strings.TrimSpace(r.out)
	if !strings.HasPrefix(tok, auth.TokenPrefix) || strings.Contains(tok, "\n") {
		t.Fatalf("stdout = %q, want one sgp_ token", r.out)
	}
	got, err := store.TokenUser(ctx, tok)
	if err != nil || got.ID != u.ID {
		t.Fatalf("TokenUser(printed token) = %+v, %v; want user %d", got, err, u.ID)
	}
	if list, _ := store.ListTokens(ctx, u.ID); len(list) != 1 || list[0].Name != "ci robot" {
		t.Errorf("tokens = %+v, want one named %q", list, "ci robot")
	}
	r = portal(t, "", "token", "create", "--email", "nobody@test.example")
	if r.code != 1 || !strings.Contains(r.err, "--email") {
		t.Errorf("token for an unknown user: %s", r)
	}
	r = portal(t, "", "token", "create", "--email", "api@test.example", "--name", " ")
	if r.code != 1 || !strings.Contains(r.err, "--name") {
		t.Errorf("token with a blank name: %s", r)
	}
	if r := portal(t, "", "token"); r.code != 1 || !strings.Contains(r.err, "usage: portal token create") {
		t.Errorf("token without create: %s", r)
	}
}

// config prints the effective configuration with every secret masked.
func TestConfigMasksSecrets(t *testing.T) {
	isolate(t)
	t.Setenv("DATABASE_URL", "postgres://u:s3cret@h/db?sslmode=disable")
	t.Setenv("PORTAL_SMTP_URL", "smtp://mailer:m41lpass@mail.example:587?from=portal@example.org")
	r := portal(t, "", "config")
	if r.code != 0 {
		t.Fatalf("config: %s", r)
	}
	for _, secret := range []string{"s3cret", "m41lpass"} {
		if strings.Contains(r.out+r.err, secret) {
			t.Errorf("config shows the secret %q:\n%s", secret, r.out)
		}
	}
	for _, want := range []string{"DATABASE_URL=postgres://u:", "@h/db?sslmode=disable", "PORTAL_SMTP_URL=smtp://mailer:",
		"PORTAL_ADDR=:8080", "PORTAL_ENV=dev"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("config output lacks %q:\n%s", want, r.out)
		}
	}
	r = portal(t, "", "config", "--addr", "127.0.0.1:9999")
	if r.code != 0 || !strings.Contains(r.out, "PORTAL_ADDR=127.0.0.1:9999") {
		t.Errorf("config --addr: %s", r)
	}
}

// A bad value stops the command with exit 1 and a message naming the variable.
func TestConfigRefusesBadValues(t *testing.T) {
	cases := []struct{ env, value string }{
		{"PORTAL_ENV", "staging"},
		{"PORTAL_ADDR", "nonsense"},
		{"PORTAL_BASE_URL", "ftp://portal.example"},
		{"PORTAL_TRUSTED_PROXIES", "not-an-ip"},
		{"PORTAL_SMTP_URL", "http://mail.example"},
		{"DATABASE_URL", "postgres://u:s3cret@h/db"},
	}
	for _, c := range cases {
		t.Run(c.env, func(t *testing.T) {
			isolate(t)
			t.Setenv(c.env, c.value)
			r := portal(t, "", "config")
			if r.code != 1 || !strings.Contains(r.err, c.env) {
				t.Errorf("%s=%s: want exit 1 naming %s, got %s", c.env, c.value, c.env, r)
			}
			if strings.Contains(r.out+r.err, "s3cret") {
				t.Errorf("the password is shown: %s", r)
			}
		})
	}
	isolate(t)
	if r := portal(t, "", "config", "--env", "prod"); r.code != 1 || !strings.Contains(r.err, "PORTAL_BASE_URL") || !strings.Contains(r.err, "PORTAL_SMTP_URL") {
		t.Errorf("config --env prod without a base URL and SMTP: %s", r)
	}
}

func TestVersion(t *testing.T) {
	isolate(t)
	r := portal(t, "", "version")
	if r.code != 0 || r.out != "portal "+version+"\n" {
		t.Errorf("version: %s", r)
	}
}

// serve checks the configuration before it opens the database or listens.
func TestServeRefusesBadConfig(t *testing.T) {
	path := isolate(t)
	t.Setenv("PORTAL_ADDR", "nonsense")
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // should the check ever be skipped, serve stops at once instead of listening
	var out, errb bytes.Buffer
	code := run(ctx, []string{"serve"}, cmdIO{in: strings.NewReader(""), out: &out, err: &errb})
	if code != 1 || !strings.Contains(errb.String(), "PORTAL_ADDR") || !strings.Contains(errb.String(), "nonsense") {
		t.Errorf("serve with PORTAL_ADDR=nonsense: exit %d\nstderr: %s", code, errb.String())
	}
	if strings.Contains(errb.String(), "listening") {
		t.Errorf("serve started listening: %s", errb.String())
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("serve opened the database despite the bad configuration (stat: %v)", err)
	}
}

// checkServeBanner runs make run's last two steps on the seeded database
// of TestSeedDemo (seeding the demo again costs a minute under the race
// detector): seed --quiet prints no login, then serve counts the letters
// of the demo's outbox rather than listing them, and the address and the
// demo logins come after "listening", the last thing on the screen.
func checkServeBanner(t *testing.T, pw string) {
	t.Helper()
	t.Setenv("PORTAL_ADDR", "127.0.0.1:0")
	if r := portal(t, "", "seed", "demo", "--quiet", "--password", pw); r.code != 0 || strings.Contains(r.out, "admin@demo.example") ||
		!strings.Contains(r.out, "accounts created") {
		t.Fatalf("seed --quiet: %s", r)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb lockedBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"serve", "--demo-password", pw}, cmdIO{in: strings.NewReader(""), out: &out, err: &errb})
	}()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(out.String(), "Ctrl+C") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exit %d\nstderr: %s", code, errb.String())
	}
	logs, screen := errb.String(), out.String()
	if !strings.Contains(screen, "admin@demo.example") || !strings.Contains(screen, "donor-undp@demo.example") ||
		!strings.Contains(screen, "donor-unicef@demo.example") || !strings.Contains(screen, pw) || !regexp.MustCompile(`listening on http://localhost:\d+`).MatchString(screen) {
		t.Fatalf("no banner with the address and the logins:\n%s", screen)
	}
	if strings.Contains(logs, "mail not sent") {
		t.Errorf("letters of the outbox logged at info level:\n%.500s", logs)
	}
	if !regexp.MustCompile(`outbox: mail delivered.*count=\d+`).MatchString(logs) {
		t.Errorf("no count of the delivered mail in the log:\n%s", logs)
	}
	// What reached the screen before the banner: the logs up to "portal listening".
	before, _, ok := strings.Cut(logs, "portal listening")
	if !ok || strings.Contains(logs[len(before):], "outbox: mail delivered") {
		t.Errorf("the outbox count comes after the server listens, below the logins:\n%s", logs)
	}
}

// lockedBuffer is a buffer the server's goroutine writes while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
