package access

// AuditObject is the condition on col (an audit row's object id) for the
// audit rows of objects of kind object that the scope may read: staff every
// object; a donor officer (and any own_org scope) the applications and
// grants it reaches and what belongs to those grants (payment requests,
// payments, grantee reports, their costs and recovery orders), and nothing
// else; an evaluator nothing. The audit of users, grids and sessions is for
// staff only. Staff read the audit of drafts too (who did what, never the
// draft's content): the audit trail stays whole for those who keep it.
func (s Scope) AuditObject(object, col string) (string, []any) {
	switch s.row() {
	case Any:
		return all, nil
	case OwnOrg:
		if object == "application" {
			c, args := s.Applications("xaa")
			return col + " IN (SELECT xaa.id FROM applications xaa WHERE " + c + ")", args
		}
		if q, ok := grantChildren[object]; ok {
			c, args := s.Grants("xag")
			return col + " IN (" + q + c + ")", args
		}
	}
	return none, nil
}

// grantChildren selects, per kind of object reached through its grant, the
// ids of those objects; the caller appends the grant condition on xag.
var grantChildren = map[string]string{
	"grant":           `SELECT xag.id FROM grants xag WHERE `,
	"payment_request": `SELECT xo.id FROM payment_requests xo JOIN grants xag ON xag.id = xo.grant_id WHERE `,
	"payment":         `SELECT xo.id FROM payments xo JOIN grants xag ON xag.id = xo.grant_id WHERE `,
	"grantee_report":  `SELECT xo.id FROM grantee_reports xo JOIN grants xag ON xag.id = xo.grant_id WHERE `,
	"expenditure": `SELECT xo.id FROM expenditures xo JOIN grantee_reports xr ON xr.id = xo.report_id
		JOIN grants xag ON xag.id = xr.grant_id WHERE `,
	"recovery_order": `SELECT xo.id FROM recovery_orders xo JOIN grants xag ON xag.id = xo.grant_id WHERE `,
}
