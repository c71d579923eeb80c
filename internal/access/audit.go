package access

// AuditObject is the condition on col (an audit row's object id) for the
// audit rows of objects of kind object that the scope may read: staff every
// object; a donor officer (and any own_org scope) the applications and
// grants it reaches, and nothing else; an evaluator nothing. The audit of
// users, grids and sessions is for staff only.
func (s Scope) AuditObject(object, col string) (string, []any) {
	switch s.row() {
	case Any:
		return all, nil
	case OwnOrg:
		switch object {
		case "application":
			c, args := s.Applications("xaa")
			return col + " IN (SELECT xaa.id FROM applications xaa WHERE " + c + ")", args
		case "grant":
			c, args := s.Grants("xag")
			return col + " IN (SELECT xag.id FROM grants xag WHERE " + c + ")", args
		}
	}
	return none, nil
}
