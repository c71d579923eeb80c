package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// kernelFiles are the web package's kernel besides the kernel_*.go files:
// every area may use them, and they name no area (routes.go only gathers
// the areas' route tables).
var kernelFiles = map[string]bool{"server.go": true, "routes.go": true, "guard.go": true, "middleware.go": true,
	"render.go": true, "form.go": true, "multipart.go": true, "api.go": true, "metrics.go": true,
	"openapi.go": true, "mediatype.go": true}

// areaPrefixes name the area of a file by the start of its name once
// handlers_, routes_ or api_ is taken off (README, Design: the kernel and
// its areas). The longest prefix wins.
var areaPrefixes = map[string]string{
	"account": "accounts", "login": "accounts", "password": "accounts", "users": "accounts", "twofactor": "accounts",
	"site": "site", "home": "site",
	"org": "organisations", "organisations": "organisations", "register": "organisations",
	"programmes": "calls", "calls": "calls",
	"application": "applications", "applications": "applications", "receipt": "applications", "screening": "applications",
	"committee": "evaluation", "review": "evaluation", "reviews": "evaluation", "grid": "evaluation", "grids": "evaluation",
	"award": "award", "audit": "audit", "grants": "grants", "payments": "payments", "reporting": "reporting",
	"exports":       "exports",
	"findocs":       "findocs",
	"reports":       "reports",
	"notifications": "notifications",
	"search":        "search",
	"import":        "import",
	"bulk":          "bulk",
	"public":        "public",
}

// areaOf is the area of file name, "kernel", or "" when no prefix fits.
func areaOf(name string) string {
	if kernelFiles[name] || strings.HasPrefix(name, "kernel_") {
		return "kernel"
	}
	base := strings.TrimSuffix(name, ".go")
	for _, p := range []string{"handlers_", "routes_", "api_"} {
		base = strings.TrimPrefix(base, p)
	}
	best := ""
	for p := range areaPrefixes {
		if (base == p || strings.HasPrefix(base, p+"_") || strings.HasPrefix(base, p)) && len(p) > len(best) {
			best = p
		}
	}
	return areaPrefixes[best]
}

// Inside the package the flow runs one way: an area's files use the kernel
// and the domain packages, never a name declared in another area's file,
// so that each area can move to a package of its own over the kernel. The
// kernel uses no area's names either, but for routes.go gathering the
// route tables.
func TestAreasUseOnlyTheKernel(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]string{} // a package-level name (".m" for a method) -> its file
	files := map[string]*ast.File{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		if areaOf(name) == "" {
			t.Errorf("%s belongs to no area: name it after its area or add its prefix to areaPrefixes", name)
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = f
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil {
					declared["."+d.Name.Name] = name
				} else {
					declared[d.Name.Name] = name
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						declared[sp.Name.Name] = name
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							if n.Name != "_" {
								declared[n.Name] = name
							}
						}
					}
				}
			}
		}
	}
	var bad []string
	for name, f := range files {
		area := areaOf(name)
		seen := map[string]bool{}
		use := func(key string) {
			from, ok := declared[key]
			if !ok || seen[key] || areaOf(from) == area || areaOf(from) == "kernel" || name == "routes.go" {
				return
			}
			seen[key] = true
			bad = append(bad, name+" ("+area+") uses "+strings.TrimPrefix(key, ".")+" of "+from+" ("+areaOf(from)+")")
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && x.Obj != nil && x.Name == "s" {
					use("." + n.Sel.Name) // a method of the server
				}
				ast.Inspect(n.X, func(m ast.Node) bool {
					if id, ok := m.(*ast.Ident); ok && id.Obj == nil {
						use(id.Name)
					}
					return true
				})
				return false // n.Sel is a field or method name, not a package-level one
			case *ast.Ident:
				if n.Obj == nil { // not resolved in the file: package level (or universe)
					use(n.Name)
				}
			}
			return true
		})
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
}
