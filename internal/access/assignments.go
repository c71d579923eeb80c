package access

// Assignments is the condition on alias ra (review_assignments) for the
// assignments a dashboard counts: every one under any; under assigned the
// evaluator's own, declared or not (its work list shows those it still
// has to declare). Other relations reach none.
func (s Scope) Assignments(ra string) (string, []any) {
	switch s.row() {
	case Any:
		return all, nil
	case Assigned:
		return ra + ".user_id = ?", []any{s.p.UserID}
	}
	return none, nil
}
