package web_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/i18n"
)

// auditActionsOf reads the Go files of the packages in dirs and returns
// every action their audit.Entry literals write: a string literal; a
// variable, through the string literals assigned to it in the enclosing
// function; or a literal prefix joined to a value, through expand (a
// prefix missing from expand is reported, so a new kind of action must be
// listed there).
func auditActionsOf(t *testing.T, dirs []string, expand map[string][]string) map[string]string {
	t.Helper()
	out := map[string]string{} // action -> where it is written
	fset := token.NewFileSet()
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, decl := range f.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if !ok || fn.Body == nil {
					continue
				}
				assigned := literalsAssigned(fn.Body)
				ast.Inspect(fn.Body, func(n ast.Node) bool {
					cl, ok := n.(*ast.CompositeLit)
					if !ok || !isAuditEntry(cl.Type) {
						return true
					}
					where := fset.Position(cl.Pos()).String()
					for _, el := range cl.Elts {
						kv, ok := el.(*ast.KeyValueExpr)
						if k, _ := kv.Key.(*ast.Ident); !ok || k == nil || k.Name != "Action" {
							continue
						}
						switch v := kv.Value.(type) {
						case *ast.BasicLit:
							out[unquote(t, v)] = where
						case *ast.Ident:
							if len(assigned[v.Name]) == 0 {
								t.Errorf("%s: the action %s is not assigned a literal in its function", where, v.Name)
							}
							for _, a := range assigned[v.Name] {
								out[a] = where
							}
						case *ast.BinaryExpr:
							lit, ok := v.X.(*ast.BasicLit)
							suffixes := expand[unquoteOr(lit, ok)]
							if !ok || len(suffixes) == 0 {
								t.Errorf("%s: an action built from a value: list its prefix and values in the test's expand table", where)
							}
							for _, s := range suffixes {
								out[unquoteOr(lit, ok)+s] = where
							}
						default:
							t.Errorf("%s: an action the test cannot read", where)
						}
					}
					return true
				})
			}
		}
	}
	return out
}

func isAuditEntry(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "audit" && sel.Sel.Name == "Entry"
}

// literalsAssigned maps each variable of body to the string literals
// assigned to it (x := "a", x = "b").
func literalsAssigned(body *ast.BlockStmt) map[string][]string {
	out := map[string][]string{}
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, l := range as.Lhs {
			id, ok1 := l.(*ast.Ident)
			lit, ok2 := as.Rhs[i].(*ast.BasicLit)
			if ok1 && ok2 && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					out[id.Name] = append(out[id.Name], s)
				}
			}
		}
		return true
	})
	return out
}

func unquote(t *testing.T, lit *ast.BasicLit) string {
	t.Helper()
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		t.Fatalf("%s: %v", lit.Value, err)
	}
	return s
}

func unquoteOr(lit *ast.BasicLit, ok bool) string {
	if !ok || lit.Kind != token.STRING {
		return ""
	}
	s, _ := strconv.Unquote(lit.Value)
	return s
}

// untranslatedActions lists the actions whose audit.action.<action> key a
// language of the catalogue lacks, as "lang action".
func untranslatedActions(t *testing.T, actions []string) []string {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	lacks := map[i18n.Lang]map[string]bool{}
	for lang, keys := range cat.Missing() {
		lacks[lang] = map[string]bool{}
		for _, k := range keys {
			lacks[lang][k] = true
		}
	}
	var out []string
	for _, a := range actions {
		key := "audit.action." + a
		for _, lang := range []i18n.Lang{i18n.SQ, i18n.EN, i18n.SR} {
			if (lang == i18n.SQ && !cat.Has(key)) || lacks[lang][key] {
				out = append(out, string(lang)+" "+a)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Every action the grant, payment and reporting stores write to the audit
// log has its name in sq, en and sr, so the audit page never shows an
// "other change". The end-to-end test checks the actions its flows wrote
// the same way.
func TestEveryAuditActionOfTheGrantStoresIsTranslated(t *testing.T) {
	expand := map[string][]string{
		"payment_request.": {"verify", "approve", "pay", "reject", "request_changes"},
		"grant_amendment.": {string(grant.AmendRequested), string(grant.AmendApproved), string(grant.AmendRejected), string(grant.AmendRecorded)},
	}
	for _, a := range grant.Actions {
		expand["grant."] = append(expand["grant."], string(a))
	}
	found := auditActionsOf(t, []string{"../grant", "../payment", "../reporting"}, expand)
	if len(found) < 25 {
		t.Fatalf("only %d audit actions found in the stores: %v", len(found), found)
	}
	var actions []string
	for a := range found {
		actions = append(actions, a)
	}
	for _, miss := range untranslatedActions(t, actions) {
		a := strings.SplitN(miss, " ", 2)[1]
		t.Errorf("audit.action.%s is missing in %s (written at %s)", a, strings.SplitN(miss, " ", 2)[0], found[a])
	}
}
