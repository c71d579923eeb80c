package access

// Calls is the condition on alias c (the calls table) for the calls the
// scope may open. Under any it is the calls' own visibility: everyone sees
// a call once published; staff (who read every programme) see drafts too,
// a donor officer those of its programmes. Under own_org it is a donor
// officer's programmes' calls only; under assigned the calls of an
// evaluator's readable applications.
func (s Scope) Calls(c string) (string, []any) {
	if s.rel != Any {
		return s.CallDrafts(c)
	}
	drafts, args := s.CallDrafts(c)
	switch drafts {
	case all:
		return all, nil
	case none:
		return c + ".state <> 'draft'", nil
	}
	return "(" + c + ".state <> 'draft' OR " + drafts + ")", args
}

// CallDrafts is the condition on alias c for the calls the scope reaches in
// every state, drafts included (a subset of Calls). Lists show these and,
// of the others, the open calls only.
func (s Scope) CallDrafts(c string) (string, []any) {
	switch s.rel {
	case Any:
		switch s.p.Programmes {
		case Any:
			return all, nil
		case OwnOrg:
			q, args := donorCalls(s.p.OrgIDs)
			return c + ".id IN (" + q + ")", args
		}
		return none, nil
	case OwnOrg:
		q, args := donorCalls(s.p.OrgIDs)
		return c + ".id IN (" + q + ")", args
	case Assigned:
		return c + ".id IN (SELECT xa.call_id FROM applications xa WHERE xa.id IN (" + readable + "))", s.readableArgs()
	}
	return none, nil
}

// Questions is the condition on alias q (call_questions) for the questions
// of a call the principal reads: every one for those who edit calls, else
// the published ones and those its organisations asked. A scope granted
// nothing reaches none.
func (s Scope) Questions(q string) (string, []any) {
	if s.rel == "" {
		return none, nil
	}
	if s.p.EditsCalls {
		return all, nil
	}
	if len(s.p.OrgIDs) == 0 {
		return q + ".published = ?", []any{true}
	}
	c, args := in(q+".org_id", s.p.OrgIDs)
	return "(" + q + ".published = ? OR " + c + ")", append([]any{true}, args...)
}

// Rankings is the condition on alias c (the calls table) for the calls
// whose ranking, committee sessions and scores the scope reads: every call
// under any, a donor officer's programmes' calls under own_org.
func (s Scope) Rankings(c string) (string, []any) {
	switch s.row() {
	case Any:
		return all, nil
	case OwnOrg:
		q, args := donorCalls(s.p.OrgIDs)
		return c + ".id IN (" + q + ")", args
	}
	return none, nil
}

// Letters is the condition on alias a (the applications table) for the
// decision letters the scope reads: every one under any; under own_org an
// applicant's organisations' own (not those where it is a partner) or a
// donor officer's programmes'; staff and donors those of submitted
// applications only (see Applications).
func (s Scope) Letters(a string) (string, []any) {
	switch s.row() {
	case Any:
		if s.system {
			return all, nil
		}
		return submitted(a), nil
	case OwnOrg:
		if s.p.donor() {
			q, args := donorCalls(s.p.OrgIDs)
			return submitted(a) + " AND " + a + ".call_id IN (" + q + ")", args
		}
		return in(a+".org_id", s.p.OrgIDs)
	}
	return none, nil
}

// Reviews is the condition on alias ra (review_assignments) for the reviews
// the scope reads: every one under any; under assigned the evaluator's own
// active assignments on applications it declared no conflict for.
func (s Scope) Reviews(ra string) (string, []any) {
	switch s.row() {
	case Any:
		return all, nil
	case Assigned:
		return "(" + ra + ".user_id = ? AND " + ra + ".status = 'active' AND " + ra + ".application_id IN (" + readable + "))",
			append([]any{s.p.UserID}, s.readableArgs()...)
	}
	return none, nil
}
