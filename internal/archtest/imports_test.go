package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/subgrant/portal"

// forbidden are the imports no domain package may have (each with
// everything below it: net/http/httptest, gin's subpackages, web/webtest).
// Domain packages return apperr errors and plain values; only internal/web
// speaks HTTP. No domain test needs httptest, so tests are held to it too.
var forbidden = []string{"github.com/gin-gonic/gin", "net/http", module + "/internal/web"}

// exempt are the packages under internal/ that are HTTP plumbing, not
// domain, each with its reason. Keep .golangci.yml's depguard rule in step.
var exempt = map[string]string{
	"internal/web":      "the HTTP layer: handlers, routes, rendering (and its subpackages)",
	"internal/loadtest": "an HTTP load-test client of the running portal; its tests start the real server through web/webtest",
}

// TestDomainPackagesDoNotImportHTTP reads the imports of every Go file
// (tests included) under internal/, outside the exempt packages, and
// fails on any forbidden one.
func TestDomainPackagesDoNotImportHTTP(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(root, "go.mod")); err != nil || !strings.Contains(string(b), "module "+module+"\n") {
		t.Fatalf("%s is not the module root (%v)", root, err)
	}
	for dir := range exempt {
		if st, err := os.Stat(filepath.Join(root, dir)); err != nil || !st.IsDir() {
			t.Errorf("exempt package %s does not exist: drop it here and in .golangci.yml", dir)
		}
	}
	bad, files := importViolations(t, root)
	for _, b := range bad {
		t.Error(b)
	}
	if files < 100 {
		t.Errorf("read only %d files under internal/: the walk is broken", files)
	}
}

// importViolations walks internal/ below root and lists each forbidden
// import as "file imports path", counting the files read.
func importViolations(t *testing.T, root string) (bad []string, files int) {
	t.Helper()
	fset := token.NewFileSet()
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if _, ok := exempt[rel]; ok || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		files++
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			if isForbidden(p) {
				bad = append(bad, rel+" imports "+p+": domain packages never speak HTTP (see README, Architecture)")
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return bad, files
}

func isForbidden(p string) bool {
	for _, f := range forbidden {
		if p == f || strings.HasPrefix(p, f+"/") {
			return true
		}
	}
	return false
}

func TestIsForbidden(t *testing.T) {
	for p, want := range map[string]bool{
		"net/http": true, "net/http/httptest": true, "github.com/gin-gonic/gin": true,
		"github.com/gin-gonic/gin/binding": true, module + "/internal/web": true, module + "/internal/web/webtest": true,
		"net/url": false, "net/httpx": false, module + "/internal/webhook": false, "github.com/gin-gonic/contrib": false,
	} {
		if got := isForbidden(p); got != want {
			t.Errorf("isForbidden(%q) = %v, want %v", p, got, want)
		}
	}
}
