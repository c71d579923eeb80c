// Package access decides which rows a user reaches. Casbin (internal/authz)
// grants a relation at the route (any, own_org, assigned); For turns the
// principal and that relation into a Scope, and the Scope writes the SQL
// condition for each object, so every store's get, list, count, search and
// export applies the same rule. It imports no domain package: the stores
// import it. Conditions use the `?` placeholder the stores rebind.
package access

import "slices"

// Relation is the relation a permission was granted under; its values are
// those of authz.Relation (a test keeps them equal).
type Relation string

// The relations, broadest first.
const (
	Any      Relation = "any"      // every row
	OwnOrg   Relation = "own_org"  // rows of the principal's organisations
	Assigned Relation = "assigned" // rows of the principal's assignments
)

// DonorOfficer is the role whose own_org means the programmes its
// organisation funds rather than the organisation's own applications.
const DonorOfficer = "donor_officer"

// Principal is the signed-in user as access rules need it, loaded once per
// request. The zero Principal is an anonymous visitor.
type Principal struct {
	UserID int64
	Role   string  // an auth.Role value
	OrgIDs []int64 // the organisations the user is a member of
	// Programmes is the relation under which the role reads programmes
	// ("" when it reads none): it decides who sees calls not yet
	// published (any: every call; own_org: those of its programmes).
	Programmes Relation
	// EditsCalls: the role may edit calls, so it moderates every question.
	EditsCalls bool
}

// Grant answers the relation under which the principal's role may do act
// on obj (false when denied); the web layer passes the Casbin policy's.
type Grant func(obj, act string) (Relation, bool)

// NewPrincipal is the principal of user userID with role and memberships
// orgIDs, its call visibility read from the policy through grant: the
// relation it reads programmes under, and whether it may edit calls.
func NewPrincipal(userID int64, role string, orgIDs []int64, grant Grant) Principal {
	p := Principal{UserID: userID, Role: role, OrgIDs: slices.Clone(orgIDs)}
	if rel, ok := grant("programme", "view"); ok {
		p.Programmes = rel
	}
	_, p.EditsCalls = grant("call", "edit")
	return p
}

func (p Principal) donor() bool { return p.Role == DonorOfficer }

// Scope is what a request reaches under the relation granted at its route.
// The zero Scope reaches nothing.
type Scope struct {
	rel    Relation
	p      Principal
	public bool // the public pages' scope: calls and questions only
	system bool // Everything: the system's own work, drafts included
}

// For builds the scope of principal p under relation rel. An unknown or
// empty relation reaches nothing.
func For(p Principal, rel Relation) Scope {
	p.OrgIDs = slices.Clone(p.OrgIDs)
	return Scope{rel: rel, p: p}
}

// Everything reaches every row: the system's own work (the command line,
// seeding, a store's internal reads), never a request's.
func Everything() Scope {
	return Scope{rel: Any, p: Principal{Programmes: Any, EditsCalls: true}, system: true}
}

// Public is the scope of the public pages (the calls, a call's page and
// its questions) for p, whatever its route granted: calls by their own
// visibility (see Calls under any), and no other object.
func Public(p Principal) Scope {
	p.OrgIDs = slices.Clone(p.OrgIDs)
	return Scope{rel: Any, p: p, public: true}
}

// Visitor is the public scope of an anonymous visitor.
func Visitor() Scope { return Public(Principal{}) }

// Orgs is the own_org scope of an applicant member of organisations ids.
func Orgs(ids ...int64) Scope { return For(Principal{OrgIDs: ids}, OwnOrg) }

// Donor is the own_org scope of a donor officer of organisations ids.
func Donor(ids ...int64) Scope { return For(Principal{Role: DonorOfficer, OrgIDs: ids}, OwnOrg) }

// Evaluator is the assigned scope of evaluator userID.
func Evaluator(userID int64) Scope {
	return For(Principal{UserID: userID, Role: "evaluator"}, Assigned)
}

// All reports whether the scope reaches every row (relation any): staff.
func (s Scope) All() bool { return s.rel == Any && !s.public }

// row is the relation that rules the rows of objects other than calls and
// questions: none on the public scope.
func (s Scope) row() Relation {
	if s.public {
		return ""
	}
	return s.rel
}

// CanWriteFor reports whether the scope may act for organisation id: every
// organisation under any, an applicant's own under own_org. A donor
// officer's or an evaluator's scope acts for none.
func (s Scope) CanWriteFor(orgID int64) bool {
	switch s.row() {
	case Any:
		return true
	case OwnOrg:
		return !s.p.donor() && slices.Contains(s.p.OrgIDs, orgID)
	}
	return false
}
