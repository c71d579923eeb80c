package access

import "slices"

// Grants is the condition on alias g (the grants table) for the grant
// agreements the scope reaches: every one under any; under own_org the
// grantee's own (an applicant's organisations) or, for a donor officer, the
// grants of the programmes its organisation funds. Evaluators reach none.
// Payment requests, payments, grantee reports and amendments belong to a
// grant and are reached through it: their stores join grants and apply
// this condition.
func (s Scope) Grants(g string) (string, []any) {
	switch s.row() {
	case Any:
		return all, nil
	case OwnOrg:
		if s.p.donor() {
			if len(s.p.OrgIDs) == 0 {
				return none, nil
			}
			c, args := in("xgp.donor_org_id", s.p.OrgIDs)
			return g + ".programme_id IN (SELECT xgp.id FROM programmes xgp WHERE " + c + ")", args
		}
		return in(g+".org_id", s.p.OrgIDs)
	}
	return none, nil
}

// ActsForGrantee reports whether the scope acts for the grantee of a grant
// of organisation orgID (requests a tranche, submits a report): the
// grantee's own members only; staff act on grants through their own
// permissions, never as the grantee.
func (s Scope) ActsForGrantee(orgID int64) bool {
	return s.row() == OwnOrg && !s.p.donor() && slices.Contains(s.p.OrgIDs, orgID)
}
