package web_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/web/webtest"
	"github.com/subgrant/portal/templates"
)

// No key is missing in any language.
func TestCatalogueComplete(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for lang, keys := range cat.Missing() {
		if len(keys) > 0 {
			t.Errorf("%s lacks %d keys: %v", lang, len(keys), keys)
		}
	}
	for _, r := range auth.Roles {
		for _, key := range []string{"auth.role." + string(r), "home.intro." + string(r)} {
			if !cat.Has(key) {
				t.Errorf("missing %s", key)
			}
		}
	}
}

var (
	templateKey = regexp.MustCompile(`\.T "([a-z0-9_.]+)"|"([a-z][a-z0-9_]*\.[a-z0-9_.]+)"`)
	goKey       = regexp.MustCompile(`"([a-z][a-z0-9_]*\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)"`)
)

// Every key that templates and Go code name exists in the catalogue.
func TestEveryUsedKeyExists(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	prefixes := map[string]bool{}
	for _, k := range cat.Keys() {
		prefixes[strings.SplitN(k, ".", 2)[0]] = true
	}
	used := map[string]string{}
	_ = fs.WalkDir(templates.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, _ := fs.ReadFile(templates.FS, path)
		for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
			key := m[1] + m[2]
			if prefixes[strings.SplitN(key, ".", 2)[0]] {
				used[key] = path
			}
		}
		return nil
	})
	root := filepath.Join("..", "..", "internal")
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, _ := os.ReadFile(path)
		for _, m := range goKey.FindAllStringSubmatch(string(b), -1) {
			if prefixes[strings.SplitN(m[1], ".", 2)[0]] && !strings.HasSuffix(m[1], ".") {
				used[m[1]] = path
			}
		}
		return nil
	})
	if len(used) < 50 {
		t.Fatalf("found only %d used keys: the scan is broken", len(used))
	}
	// Notification event types ("report.due") are identifiers that look
	// like keys; their names are notify.event.<type>, checked below.
	for _, ev := range append(notify.Events, notify.EventAccount) {
		delete(used, ev)
		used["notify.event."+ev] = "notify.Events"
	}
	for key, where := range used {
		if !cat.Has(key) {
			t.Errorf("%s uses %q, which is not in the catalogue", where, key)
		}
	}
}

// Pages in every language show no untranslated key.
func TestPagesHaveNoMissingKeys(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	for _, lang := range i18n.Choices {
		for _, p := range []webtest.Principal{webtest.Admin, webtest.ApplicantA, webtest.Evaluator1, webtest.DonorOfficer, webtest.FinanceOfficer, webtest.ProgramOfficer} {
			if err := e.Store.SetLang(t.Context(), e.Users[p].ID, string(lang)); err != nil {
				t.Fatal(err)
			}
			for _, path := range []string{"/home", "/account", "/account/tokens", "/account/password", "/admin/users", "/admin/users/new", "/no/such"} {
				body := e.Get(p, path).Body.String()
				if i := strings.Index(body, "[auth."); i >= 0 || strings.Contains(body, "[error.") || regexp.MustCompile(`\[[a-z_]+\.[a-z_.]+\]`).MatchString(body) {
					t.Errorf("%s %s as %s shows a missing key: %s", lang, path, p, regexp.MustCompile(`\[[a-z_]+\.[a-z_.]+\]`).FindString(body))
				}
				if !strings.Contains(body, `<html lang="`+string(lang)+`">`) && strings.HasPrefix(body, "<!doctype") {
					t.Errorf("%s %s: html lang is not %s", path, p, lang)
				}
			}
		}
	}
}
