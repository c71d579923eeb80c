// Package loadtest drives a running portal on this machine with signed-in
// virtual users and reports latency per page. It refuses any target that
// is not a loopback address.
package loadtest

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is one load test.
type Config struct {
	URL         string   // base URL, such as http://127.0.0.1:8080
	Users       []string // e-mail addresses; virtual user i signs in as Users[i % len(Users)]
	Password    string   // the password of every user
	Concurrency int      // virtual users, each with its own session and connection
	Duration    time.Duration
	Requests    int           // page requests in all; the run stops at Requests or Duration, whichever comes first
	Think       time.Duration // pause of each virtual user after each answer; 0: none (a closed loop at full speed)
	Mix         []Page        // nil: DefaultMix
	Timeout     time.Duration // per request; 0: 10s
	Resolver    Resolver      // nil: the system resolver
}

// Page is a path of the mix and how often it is chosen relative to the others.
type Page struct {
	Path   string
	Weight int
}

// DefaultMix weighs the signed-in pages most, as a user clicking around would.
var DefaultMix = []Page{
	{"/home", 30}, {"/account", 15}, {"/account/tokens", 10}, {"/", 10},
	{"/api/v1/me", 15}, {"/healthz", 10}, {"/static/portal.css", 10},
	{"/search?q=qendra", 5}, // the search box (issue 12): a name prefix found in every kind
}

// Limits keep a mistyped flag from running for hours or opening thousands
// of connections.
const (
	MaxConcurrency = 1000
	MaxDuration    = time.Hour
)

func (c Config) validate() error {
	var errs []error
	if len(c.Users) == 0 {
		errs = append(errs, errors.New("--users: give at least one e-mail address"))
	}
	if c.Password == "" {
		errs = append(errs, errors.New("--password is required"))
	}
	if c.Concurrency < 1 || c.Concurrency > MaxConcurrency {
		errs = append(errs, fmt.Errorf("--concurrency must be between 1 and %d", MaxConcurrency))
	}
	if c.Duration <= 0 || c.Duration > MaxDuration {
		errs = append(errs, fmt.Errorf("--duration must be above 0 and at most %s", MaxDuration))
	}
	if c.Think < 0 || c.Think > time.Minute {
		errs = append(errs, errors.New("--think must be between 0 and 1m"))
	}
	if c.Requests < 1 {
		errs = append(errs, errors.New("--requests must be at least 1"))
	}
	for _, p := range c.Mix {
		if err := checkPath(p.Path); err != nil {
			errs = append(errs, err)
		}
		if p.Weight < 1 {
			errs = append(errs, fmt.Errorf("--mix %s: the weight must be at least 1", p.Path))
		}
	}
	return errors.Join(errs...)
}

// checkPath accepts an absolute path on the target and nothing that could
// name another host ("//host/x", "http://...").
func checkPath(p string) error {
	u, err := url.Parse(p)
	if err != nil || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || u.Scheme != "" || u.Host != "" {
		return fmt.Errorf("--mix %q: a path must start with a single /", p)
	}
	return nil
}

// ParseMix reads "path=weight,path=weight"; a path without "=weight" weighs 1.
func ParseMix(s string) ([]Page, error) {
	var out []Page
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		path, w, found := strings.Cut(item, "=")
		weight := 1
		if found {
			n, err := strconv.Atoi(w)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("--mix %q: the weight must be a whole number of at least 1", item)
			}
			weight = n
		}
		if err := checkPath(path); err != nil {
			return nil, err
		}
		out = append(out, Page{path, weight})
	}
	if len(out) == 0 {
		return nil, errors.New("--mix: no paths")
	}
	return out, nil
}

// SplitList splits a comma-separated flag value, dropping blanks.
func SplitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
