package authz_test

import (
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/authz"
)

// golden is the whole permission table, written out by hand so that any
// change to policies/policy.csv must be made here too, on purpose.
// Each entry: object: action/relation, ...
var golden = map[string]string{
	"admin": `home:view/any user:view/any user:create/any user:edit/any system:view/any
		outbox:view/any outbox:retry/any
		organisation:view/any organisation:create/any organisation:edit/any organisation:verify/any
		programme:view/any programme:create/any programme:edit/any
		call:view/any call:create/any call:edit/any call:publish/any
		application:view/any application:check/any review:view/any review:assign/any review:reopen/any
		grid:view/any grid:edit/any ranking:view/any award:approve/any
		award:view/any award:decide/any grant:view/any grant:create/any grant:edit/any grant:amend/any
		export:view/any audit:view/any
		payment_request:view/any payment_request:verify/any payment_request:approve/any payment_request:pay/any payment_request:reject/any exchange_rate:view/any exchange_rate:edit/any`,
	"program_officer": `home:view/any organisation:view/any organisation:edit/any organisation:verify/any
		programme:view/any programme:create/any programme:edit/any
		call:view/any call:create/any call:edit/any call:publish/any
		application:view/any application:check/any review:view/any review:assign/any review:reopen/any
		grid:view/any grid:edit/any ranking:view/any award:approve/any
		award:view/any award:decide/any grant:view/any grant:create/any grant:edit/any grant:amend/any
		export:view/any audit:view/any
		payment_request:view/any payment_request:approve/any payment_request:reject/any exchange_rate:view/any`,
	"evaluator": `home:view/any organisation:view/assigned call:view/assigned
		application:view/assigned review:view/assigned review:score/assigned review:declare/assigned
		grid:view/assigned`,
	"finance_officer": `home:view/any organisation:view/any programme:view/any call:view/any
		application:view/any award:view/any grant:view/any grid:view/any ranking:view/any
		export:view/any audit:view/any
		payment_request:view/any payment_request:verify/any payment_request:approve/any payment_request:pay/any payment_request:reject/any exchange_rate:view/any exchange_rate:edit/any`,
	"donor_officer": `home:view/any organisation:view/any programme:view/own_org call:view/own_org
		application:view/own_org award:view/own_org grant:view/own_org
		grid:view/own_org ranking:view/own_org
		export:view/own_org audit:view/own_org
		payment_request:view/own_org exchange_rate:view/any`,
	"applicant": `home:view/any organisation:view/own_org organisation:edit/own_org call:view/any call:ask/any grid:view/any
		application:view/own_org application:create/own_org application:edit/own_org
		application:submit/own_org application:withdraw/own_org award:view/own_org
		grant:view/own_org grant:amend/own_org
		payment_request:view/own_org payment_request:create/own_org`,
}

// Every role x object x action x relation tuple is compared with the table.
func TestPolicyMatchesGoldenTable(t *testing.T) {
	e, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	want := map[[4]string]bool{}
	objects, actions := map[string]bool{"nonexistent": true}, map[string]bool{"delete": true}
	for role, spec := range golden {
		for _, f := range strings.Fields(spec) {
			obj, rest, _ := strings.Cut(f, ":")
			act, rel, _ := strings.Cut(rest, "/")
			want[[4]string{role, obj, act, rel}] = true
			objects[obj], actions[act] = true, true
		}
	}
	roles := []string{"admin", "program_officer", "evaluator", "finance_officer", "donor_officer", "applicant", "anonymous", ""}
	checked := 0
	for _, role := range roles {
		for obj := range objects {
			for act := range actions {
				for _, rel := range authz.Relations {
					got, err := e.Allow(role, obj, act, rel)
					if err != nil {
						t.Fatal(err)
					}
					checked++
					if w := want[[4]string{role, obj, act, string(rel)}]; got != w {
						t.Errorf("Allow(%s, %s, %s, %s) = %v, want %v", role, obj, act, rel, got, w)
					}
				}
			}
		}
	}
	rules, _ := e.Rules()
	if len(rules) != len(want) {
		t.Errorf("policy has %d rules, golden table %d", len(rules), len(want))
	}
	t.Logf("checked %d tuples against %d rules", checked, len(rules))
}

func TestScopeIsBroadestGranted(t *testing.T) {
	e, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		role, obj, act string
		want           authz.Relation
		denied         bool
	}{
		{"admin", "user", "edit", authz.Any, false},
		{"applicant", "application", "submit", authz.OwnOrg, false},
		{"evaluator", "review", "score", authz.Assigned, false},
		{"applicant", "user", "view", "", true},
		{"finance_officer", "application", "check", "", true},
	}
	for _, tt := range tests {
		got, err := e.Scope(tt.role, tt.obj, tt.act)
		if tt.denied {
			if err != authz.ErrDenied {
				t.Errorf("Scope(%s,%s,%s) = %v, %v; want denied", tt.role, tt.obj, tt.act, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Scope(%s,%s,%s) = %v, %v; want %v", tt.role, tt.obj, tt.act, got, err, tt.want)
		}
	}
}

func TestParsePolicyRefusesBadLines(t *testing.T) {
	for _, bad := range []string{"p, admin, user, view", "p, admin, user, view, everyone", "g, a, b, c, any"} {
		if _, err := authz.ParsePolicy(bad); err == nil {
			t.Errorf("ParsePolicy(%q) accepted", bad)
		}
	}
	rules, err := authz.ParsePolicy("# c\n\np, a, b, c, any\n")
	if err != nil || len(rules) != 1 {
		t.Errorf("rules = %v, err %v", rules, err)
	}
}

// Cached answers are the same as fresh ones, denials included.
func TestScopeCacheAnswersAlike(t *testing.T) {
	e, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if rel, err := e.Scope("applicant", "application", "edit"); err != nil || rel != authz.OwnOrg {
			t.Errorf("round %d: %v, %v", i, rel, err)
		}
		if _, err := e.Scope("applicant", "user", "edit"); err != authz.ErrDenied {
			t.Errorf("round %d: denial = %v", i, err)
		}
	}
}
