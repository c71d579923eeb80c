package access

import "strings"

const (
	all  = "1 = 1"
	none = "1 = 0"
)

// in is "col IN (?, ...)" over ids; none when ids is empty. The placeholders
// come from the number of ids, never from input.
func in(col string, ids []int64) (string, []any) {
	if len(ids) == 0 {
		return none, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return col + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")", args
}

// readable selects the applications user ? may read as an evaluator: an
// active assignment and a declaration of no conflict. It is read in the
// request's own query, so un-assigning takes effect at the next request.
const readable = `SELECT xra.application_id FROM review_assignments xra
	JOIN coi_declarations xd ON xd.application_id = xra.application_id AND xd.user_id = xra.user_id
	WHERE xra.user_id = ? AND xra.status = 'active' AND xd.conflict = ?`

func (s Scope) readableArgs() []any { return []any{s.p.UserID, false} }

// donorCalls selects the calls of the programmes of donor organisations ids.
func donorCalls(ids []int64) (string, []any) {
	c, args := in("xp.donor_org_id", ids)
	return `SELECT xc.id FROM calls xc JOIN programmes xp ON xp.id = xc.programme_id WHERE ` + c, args
}

// Applications is the condition on alias a (the applications table): any →
// every application; own_org → an applicant's organisations' applications
// and those naming one of them as a partner, or a donor officer's
// programmes'; assigned → an evaluator's readable assignments.
//
// Staff and donor officers read an application only once it has been
// submitted; a draft (or a draft withdrawn unsubmitted) is its
// organisation's alone, and reaches them as a number through DraftCount.
// Everything reads drafts.
func (s Scope) Applications(a string) (string, []any) {
	switch s.row() {
	case Any:
		if s.system {
			return all, nil
		}
		return submitted(a), nil
	case OwnOrg:
		if len(s.p.OrgIDs) == 0 {
			return none, nil
		}
		if s.p.donor() {
			q, args := donorCalls(s.p.OrgIDs)
			return submitted(a) + " AND " + a + ".call_id IN (" + q + ")", args
		}
		c1, a1 := in(a+".org_id", s.p.OrgIDs)
		c2, a2 := in("xpt.org_id", s.p.OrgIDs)
		return "(" + c1 + " OR EXISTS (SELECT 1 FROM application_partners xpt WHERE xpt.application_id = " + a +
			".id AND " + c2 + "))", append(a1, a2...)
	case Assigned:
		return a + ".id IN (" + readable + ")", s.readableArgs()
	}
	return none, nil
}

// submitted is the condition that application alias a has been submitted:
// past the draft, and not a draft withdrawn before it was ever submitted.
func submitted(a string) string {
	return "(" + a + ".status <> 'draft' AND (" + a + ".status <> 'withdrawn' OR " + a + ".submitted_at IS NOT NULL))"
}

// DraftCount is the condition on alias a for counting (never listing) the
// drafts of the applications the scope would reach once submitted: staff
// and donor officers see how many drafts a call holds, not what they say.
// It adds "a draft" to the scope's reach before submission; the caller
// must select COUNT(*) only.
func (s Scope) DraftCount(a string) (string, []any) {
	draft := a + ".status = 'draft'"
	switch {
	case s.row() == Any:
		return draft, nil
	case s.row() == OwnOrg && s.p.donor() && len(s.p.OrgIDs) > 0:
		q, args := donorCalls(s.p.OrgIDs)
		return draft + " AND " + a + ".call_id IN (" + q + ")", args
	}
	c, args := s.Applications(a)
	return draft + " AND " + c, args
}

// Organisations is the condition on col (a column holding an organisation
// id): any → every organisation; own_org → the principal's; assigned → the
// applicants and partners of an evaluator's readable applications.
func (s Scope) Organisations(col string) (string, []any) {
	switch s.row() {
	case Any:
		return all, nil
	case OwnOrg:
		return in(col, s.p.OrgIDs)
	case Assigned:
		return col + " IN (SELECT xa.org_id FROM applications xa WHERE xa.id IN (" + readable + `)
			UNION SELECT xpt.org_id FROM application_partners xpt WHERE xpt.org_id IS NOT NULL AND xpt.application_id IN (` +
			readable + "))", append(s.readableArgs(), s.readableArgs()...)
	}
	return none, nil
}

// Programmes is the condition on alias p (the programmes table): any →
// every programme; own_org → those its donor organisation funds.
func (s Scope) Programmes(p string) (string, []any) {
	switch s.row() {
	case Any:
		return all, nil
	case OwnOrg:
		return in(p+".donor_org_id", s.p.OrgIDs)
	}
	return none, nil
}
