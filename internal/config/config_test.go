package config

import (
	"flag"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c := FromEnv(env(nil))
	if err := c.Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	if c.Addr != ":8080" || c.Env != Dev || len(c.TrustedProxies) != 0 {
		t.Errorf("defaults = %+v", c)
	}
	if got := c.PublicBaseURL(); got != "http://localhost:8080" {
		t.Errorf("PublicBaseURL = %q", got)
	}
}

// Each bad value is refused with a message naming its variable.
func TestValidateNamesTheVariable(t *testing.T) {
	tests := map[string]map[string]string{
		"DATABASE_URL":           {"DATABASE_URL": "mysql://x"},
		"PORTAL_ADDR":            {"PORTAL_ADDR": "eighty"},
		"PORTAL_ENV":             {"PORTAL_ENV": "staging"},
		"PORTAL_BASE_URL":        {"PORTAL_BASE_URL": "ftp://x"},
		"PORTAL_TRUSTED_PROXIES": {"PORTAL_TRUSTED_PROXIES": "10.0.0.1,not-an-ip"},
		"PORTAL_SMTP_URL":        {"PORTAL_SMTP_URL": "http://mail"},
		"PORTAL_UPLOAD_MAX_MB":   {"PORTAL_UPLOAD_MAX_MB": "10MB"},
	}
	for name, vars := range tests {
		c := FromEnv(env(vars))
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: err = %v, want a message naming it", name, err)
		}
	}
}

func TestProdNeedsHTTPSAndSMTP(t *testing.T) {
	c := FromEnv(env(map[string]string{"PORTAL_ENV": "prod", "PORTAL_BASE_URL": "http://portal.example"}))
	err := c.Validate()
	if err == nil || !strings.Contains(err.Error(), "https") || !strings.Contains(err.Error(), "PORTAL_SMTP_URL") {
		t.Errorf("err = %v", err)
	}
	c = FromEnv(env(map[string]string{"PORTAL_ENV": "prod", "PORTAL_BASE_URL": "https://portal.example", "PORTAL_SMTP_URL": "smtp://u:p@mail:587"}))
	if err := c.Validate(); err != nil {
		t.Errorf("good prod config refused: %v", err)
	}
}

func TestFlagsOverrideEnv(t *testing.T) {
	t.Setenv("PORTAL_ADDR", ":9000")
	t.Setenv("PORTAL_ENV", "dev")
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	f := RegisterFlags(fs)
	if err := fs.Parse([]string{"--addr", "127.0.0.1:7000"}); err != nil {
		t.Fatal(err)
	}
	c, err := Load(fs, f)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:7000" {
		t.Errorf("Addr = %q, want the flag's value", c.Addr)
	}
}

func TestMaskedHidesSecrets(t *testing.T) {
	c := FromEnv(env(map[string]string{
		"DATABASE_URL":    "postgres://portal:s3cret@db:5432/p?sslmode=require",
		"PORTAL_SMTP_URL": "smtp://mailer:hunter2@mail:587",
	}))
	out := strings.Join(c.Masked(), "\n")
	if strings.Contains(out, "s3cret") || strings.Contains(out, "hunter2") {
		t.Errorf("secret shown:\n%s", out)
	}
	if !strings.Contains(out, "DATABASE_URL=postgres://portal:xxxxx@db:5432") {
		t.Errorf("masked output:\n%s", out)
	}
}

func TestUploadSettings(t *testing.T) {
	c := FromEnv(env(nil))
	if c.UploadDir != "./var/uploads" || c.UploadMaxMB != 10 {
		t.Errorf("defaults: dir %q, max %d MB", c.UploadDir, c.UploadMaxMB)
	}
	for _, bad := range []string{"0", "-1", "1025", "ten", "1.5"} {
		c := FromEnv(env(map[string]string{"PORTAL_UPLOAD_MAX_MB": bad}))
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "PORTAL_UPLOAD_MAX_MB") {
			t.Errorf("PORTAL_UPLOAD_MAX_MB=%s: err = %v", bad, err)
		}
	}
	c = FromEnv(env(map[string]string{"PORTAL_UPLOAD_MAX_MB": "25", "PORTAL_UPLOAD_DIR": "/srv/portal/files"}))
	if err := c.Validate(); err != nil || c.UploadMaxMB != 25 || c.UploadDir != "/srv/portal/files" {
		t.Errorf("good values: %+v, %v", c, err)
	}
}

// PORTAL_2FA defaults to required in prod and optional in dev; other
// values are refused, naming the variable.
func TestTwoFactorMode(t *testing.T) {
	for _, tc := range []struct {
		env, set string
		want     TwoFactorMode
	}{
		{"", "", TwoFactorOptional}, {"dev", "", TwoFactorOptional}, {"prod", "", TwoFactorRequired},
		{"dev", "required", TwoFactorRequired}, {"prod", "optional", TwoFactorOptional},
	} {
		c := FromEnv(env(map[string]string{"PORTAL_ENV": tc.env, "PORTAL_2FA": tc.set}))
		if got := c.TwoFactorMode(); got != tc.want {
			t.Errorf("PORTAL_ENV=%q PORTAL_2FA=%q: %q, want %q", tc.env, tc.set, got, tc.want)
		}
	}
	c := FromEnv(env(map[string]string{"PORTAL_2FA": "sometimes"}))
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "PORTAL_2FA") {
		t.Errorf("PORTAL_2FA=sometimes: %v", err)
	}
	c = FromEnv(env(map[string]string{"PORTAL_2FA": "required"}))
	if err := c.Validate(); err != nil {
		t.Errorf("PORTAL_2FA=required: %v", err)
	}
}
