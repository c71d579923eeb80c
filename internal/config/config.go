// Package config reads the portal's configuration from the environment,
// lets flags override it, and validates it at start with messages that name
// the variable at fault.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/subgrant/portal/internal/db"
)

// Env is the deployment kind: dev is lenient and local, prod is strict.
type Env string

// The two deployment kinds.
const (
	Dev  Env = "dev"
	Prod Env = "prod"
)

// Config is the effective configuration.
type Config struct {
	DatabaseURL    string
	Addr           string
	BaseURL        string
	Env            Env
	TrustedProxies []string
	SMTPURL        string
	UploadDir      string        // where uploaded files are kept (PORTAL_UPLOAD_DIR)
	UploadMaxMB    int           // largest accepted file in MB (PORTAL_UPLOAD_MAX_MB); 0 after a bad value
	TwoFactor      TwoFactorMode // PORTAL_2FA as set; read it through TwoFactorMode
}

// TwoFactorMode says whether staff must use a second factor (PORTAL_2FA).
type TwoFactorMode string

// The two modes: required makes admins, programme officers and finance
// officers enrol before anything else; optional lets anyone enrol.
const (
	TwoFactorRequired TwoFactorMode = "required"
	TwoFactorOptional TwoFactorMode = "optional"
)

// vars lists the environment variables read, for `portal config` and the README.
var vars = []string{"DATABASE_URL", "PORTAL_ADDR", "PORTAL_BASE_URL", "PORTAL_ENV", "PORTAL_TRUSTED_PROXIES", "PORTAL_SMTP_URL", "PORTAL_UPLOAD_DIR", "PORTAL_UPLOAD_MAX_MB", "PORTAL_2FA"}

// FromEnv reads the configuration from a getenv function (os.Getenv in main).
func FromEnv(getenv func(string) string) Config {
	c := Config{
		DatabaseURL: getenv("DATABASE_URL"),
		Addr:        getenv("PORTAL_ADDR"),
		BaseURL:     getenv("PORTAL_BASE_URL"),
		Env:         Env(getenv("PORTAL_ENV")),
		SMTPURL:     getenv("PORTAL_SMTP_URL"),
		TwoFactor:   TwoFactorMode(strings.TrimSpace(getenv("PORTAL_2FA"))),
	}
	for _, p := range strings.Split(getenv("PORTAL_TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p != "" {
			c.TrustedProxies = append(c.TrustedProxies, p)
		}
	}
	if c.Addr == "" {
		c.Addr = ":8080"
	}
	if c.Env == "" {
		c.Env = Dev
	}
	c.UploadDir, c.UploadMaxMB = getenv("PORTAL_UPLOAD_DIR"), parseMB(getenv("PORTAL_UPLOAD_MAX_MB"))
	if c.UploadDir == "" {
		c.UploadDir = "./var/uploads"
	}
	return c
}

// Load reads the environment, then applies flags from fs (registered with
// RegisterFlags) that were set on the command line, then validates.
func Load(fs *flag.FlagSet, f *Flags) (Config, error) {
	c := FromEnv(os.Getenv)
	if f != nil {
		f.apply(fs, &c)
	}
	return c, c.Validate()
}

// Flags are the command-line overrides shared by the subcommands.
type Flags struct {
	database, addr, baseURL, env, proxies, smtp string
	uploadDir, uploadMaxMB, twoFactor           string
}

// RegisterFlags adds the override flags to fs.
func RegisterFlags(fs *flag.FlagSet) *Flags {
	f := &Flags{}
	fs.StringVar(&f.database, "database-url", "", "database URL (overrides DATABASE_URL)")
	fs.StringVar(&f.addr, "addr", "", "listen address (overrides PORTAL_ADDR; default :8080)")
	fs.StringVar(&f.baseURL, "base-url", "", "public base URL (overrides PORTAL_BASE_URL)")
	fs.StringVar(&f.env, "env", "", "dev or prod (overrides PORTAL_ENV)")
	fs.StringVar(&f.proxies, "trusted-proxies", "", "comma-separated proxy addresses or CIDRs (overrides PORTAL_TRUSTED_PROXIES)")
	fs.StringVar(&f.smtp, "smtp-url", "", "smtp://user:pass@host:port?from=addr (overrides PORTAL_SMTP_URL)")
	fs.StringVar(&f.uploadDir, "upload-dir", "", "folder for uploaded files (overrides PORTAL_UPLOAD_DIR; default ./var/uploads)")
	fs.StringVar(&f.uploadMaxMB, "upload-max-mb", "", "largest uploaded file in MB (overrides PORTAL_UPLOAD_MAX_MB; default 10)")
	fs.StringVar(&f.twoFactor, "2fa", "", "required or optional (overrides PORTAL_2FA; default required in prod, optional in dev)")
	return f
}

func (f *Flags) apply(fs *flag.FlagSet, c *Config) {
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "database-url":
			c.DatabaseURL = f.database
		case "addr":
			c.Addr = f.addr
		case "base-url":
			c.BaseURL = f.baseURL
		case "env":
			c.Env = Env(f.env)
		case "trusted-proxies":
			c.TrustedProxies = nil
			for _, p := range strings.Split(f.proxies, ",") {
				if p = strings.TrimSpace(p); p != "" {
					c.TrustedProxies = append(c.TrustedProxies, p)
				}
			}
		case "smtp-url":
			c.SMTPURL = f.smtp
		case "upload-dir":
			c.UploadDir = f.uploadDir
		case "upload-max-mb":
			c.UploadMaxMB = parseMB(f.uploadMaxMB)
		case "2fa":
			c.TwoFactor = TwoFactorMode(f.twoFactor)
		}
	})
}

// TwoFactorMode is the effective PORTAL_2FA: as set, or by default
// required in prod and optional in dev (so the demo's logins stay one step).
func (c *Config) TwoFactorMode() TwoFactorMode {
	if c.TwoFactor != "" {
		return c.TwoFactor
	}
	if c.Env == Prod {
		return TwoFactorRequired
	}
	return TwoFactorOptional
}

// Validate checks every value and names the variable of each bad one.
func (c *Config) Validate() error {
	var errs []error
	if _, err := db.ParseURL(c.DatabaseURL); err != nil {
		errs = append(errs, fmt.Errorf("DATABASE_URL: %w", err))
	}
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		errs = append(errs, fmt.Errorf("PORTAL_ADDR: %q is not host:port (for example :8080 or 127.0.0.1:8080)", c.Addr))
	}
	if c.Env != Dev && c.Env != Prod {
		errs = append(errs, fmt.Errorf("PORTAL_ENV: %q is neither dev nor prod", c.Env))
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("PORTAL_BASE_URL: %q is not an http(s) URL", c.BaseURL))
		} else if c.Env == Prod && u.Scheme != "https" {
			errs = append(errs, errors.New("PORTAL_BASE_URL: must be https in prod"))
		}
	} else if c.Env == Prod {
		errs = append(errs, errors.New("PORTAL_BASE_URL: required in prod (links in e-mails need it)"))
	}
	for _, p := range c.TrustedProxies {
		if _, err := netip.ParsePrefix(p); err == nil {
			continue
		}
		if _, err := netip.ParseAddr(p); err != nil {
			errs = append(errs, fmt.Errorf("PORTAL_TRUSTED_PROXIES: %q is not an IP address or CIDR", p))
		}
	}
	if c.SMTPURL != "" {
		u, err := url.Parse(c.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			errs = append(errs, errors.New("PORTAL_SMTP_URL: not an smtp:// or smtps:// URL"))
		}
	} else if c.Env == Prod {
		errs = append(errs, errors.New("PORTAL_SMTP_URL: required in prod (password reset mails)"))
	}
	if m := c.TwoFactorMode(); m != TwoFactorRequired && m != TwoFactorOptional {
		errs = append(errs, fmt.Errorf("PORTAL_2FA: %q is neither required nor optional", c.TwoFactor))
	}
	if strings.TrimSpace(c.UploadDir) == "" {
		errs = append(errs, errors.New("PORTAL_UPLOAD_DIR: must name a folder"))
	}
	if c.UploadMaxMB < 1 || c.UploadMaxMB > MaxUploadMB {
		errs = append(errs, fmt.Errorf("PORTAL_UPLOAD_MAX_MB: must be a whole number of megabytes from 1 to %d", MaxUploadMB))
	}
	return errors.Join(errs...)
}

// MaxUploadMB bounds PORTAL_UPLOAD_MAX_MB.
const MaxUploadMB = 1024

// parseMB reads PORTAL_UPLOAD_MAX_MB: empty means 10, anything unreadable 0
// (which Validate refuses).
func parseMB(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 10
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// PublicBaseURL is BaseURL or, in dev, a localhost URL for the listen address.
func (c *Config) PublicBaseURL() string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	_, port, _ := net.SplitHostPort(c.Addr)
	return "http://localhost:" + port
}

// Masked returns the configuration as name=value lines with secrets hidden.
func (c *Config) Masked() []string {
	vals := map[string]string{
		"DATABASE_URL":           maskURL(c.DatabaseURL, "(unset: ./var/portal.db)"),
		"PORTAL_ADDR":            c.Addr,
		"PORTAL_BASE_URL":        c.PublicBaseURL(),
		"PORTAL_ENV":             string(c.Env),
		"PORTAL_TRUSTED_PROXIES": strings.Join(c.TrustedProxies, ","),
		"PORTAL_SMTP_URL":        maskURL(c.SMTPURL, "(unset: e-mails are logged)"),
		"PORTAL_UPLOAD_DIR":      c.UploadDir,
		"PORTAL_UPLOAD_MAX_MB":   strconv.Itoa(c.UploadMaxMB),
		"PORTAL_2FA":             string(c.TwoFactorMode()),
	}
	out := make([]string, 0, len(vars))
	for _, v := range vars {
		out = append(out, v+"="+vals[v])
	}
	return out
}

func maskURL(raw, empty string) string {
	if raw == "" {
		return empty
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return raw // a plain SQLite path holds no secret
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
