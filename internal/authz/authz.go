// Package authz answers "may role R do action A on object type T under
// relation Q" with Casbin, from the model and policy embedded in policies/.
// Which rows a granted relation reaches is decided in SQL by each domain.
package authz

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"

	"github.com/subgrant/portal/policies"
)

// Relation says which rows of an object type a permission reaches.
type Relation string

// The relations, broadest first.
const (
	Any      Relation = "any"      // every row
	OwnOrg   Relation = "own_org"  // rows of the user's organisations
	Assigned Relation = "assigned" // rows assigned to the user
)

// Relations lists the relations broadest first; Scope returns the first granted.
var Relations = []Relation{Any, OwnOrg, Assigned}

// ErrDenied is returned by Scope when no relation is granted.
var ErrDenied = errors.New("authz: denied")

// Decider is what the web layer asks; tests substitute a failing one to
// prove that an authoriser error means 403.
type Decider interface {
	Scope(role, obj, act string) (Relation, error)
}

// Enforcer is the Casbin enforcer loaded with the portal's policy. The
// policy never changes while the portal runs, so Scope answers are cached.
type Enforcer struct {
	e     *casbin.Enforcer
	cache sync.Map // "role|obj|act" -> scopeAnswer
}

type scopeAnswer struct {
	rel Relation
	err error
}

// New loads the embedded model and policy.
func New() (*Enforcer, error) {
	return NewFrom(policies.Model, policies.Policy)
}

// NewFrom loads a model and a policy given as text.
func NewFrom(modelText, policyText string) (*Enforcer, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("casbin model: %w", err)
	}
	e, err := casbin.NewEnforcer(m)
	if err != nil {
		return nil, fmt.Errorf("casbin enforcer: %w", err)
	}
	rules, err := ParsePolicy(policyText)
	if err != nil {
		return nil, err
	}
	if _, err := e.AddPolicies(rules); err != nil {
		return nil, fmt.Errorf("casbin policy: %w", err)
	}
	return &Enforcer{e: e}, nil
}

// ParsePolicy reads "p, role, object, action, relation" lines, skipping
// blank lines and # comments.
func ParsePolicy(text string) ([][]string, error) {
	var rules [][]string
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, ",")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		if len(parts) != 5 || parts[0] != "p" {
			return nil, fmt.Errorf("policy line %d: want p, role, object, action, relation", n+1)
		}
		switch Relation(parts[4]) {
		case Any, OwnOrg, Assigned:
		default:
			return nil, fmt.Errorf("policy line %d: unknown relation %q", n+1, parts[4])
		}
		rules = append(rules, parts[1:])
	}
	return rules, nil
}

// Allow reports whether role may do act on obj under rel.
func (a *Enforcer) Allow(role, obj, act string, rel Relation) (bool, error) {
	return a.e.Enforce(role, obj, act, string(rel))
}

// Scope returns the broadest relation under which role may do act on obj,
// or ErrDenied.
func (a *Enforcer) Scope(role, obj, act string) (Relation, error) {
	key := role + "|" + obj + "|" + act
	if v, ok := a.cache.Load(key); ok {
		ans := v.(scopeAnswer)
		return ans.rel, ans.err
	}
	rel, err := a.scope(role, obj, act)
	if err == nil || errors.Is(err, ErrDenied) {
		a.cache.Store(key, scopeAnswer{rel, err})
	}
	return rel, err
}

func (a *Enforcer) scope(role, obj, act string) (Relation, error) {
	for _, rel := range Relations {
		ok, err := a.Allow(role, obj, act, rel)
		if err != nil {
			return "", fmt.Errorf("authz: %w", err)
		}
		if ok {
			return rel, nil
		}
	}
	return "", ErrDenied
}

// Rules lists every loaded rule as role, object, action, relation.
func (a *Enforcer) Rules() ([][]string, error) {
	return a.e.GetPolicy()
}
