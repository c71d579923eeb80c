package access

// FoundOrganisations is the condition on col (an organisation id) for the
// organisations a search lists (internal/search): those of Organisations,
// except that a donor officer, who may open any organisation's profile,
// finds only its own organisations and those with a submitted application
// or a grant in the programmes its organisations fund.
func (s Scope) FoundOrganisations(col string) (string, []any) {
	if !s.p.donor() || s.row() == "" {
		return s.Organisations(col)
	}
	if len(s.p.OrgIDs) == 0 {
		return none, nil
	}
	own, args := in(col, s.p.OrgIDs)
	calls, a2 := donorCalls(s.p.OrgIDs)
	progs, a3 := in("xfp.donor_org_id", s.p.OrgIDs)
	args = append(append(args, a2...), a3...)
	return "(" + own + " OR " + col + " IN (SELECT xfa.org_id FROM applications xfa WHERE " + submitted("xfa") +
		" AND xfa.call_id IN (" + calls + ")) OR " + col + " IN (SELECT xfg.org_id FROM grants xfg" +
		" JOIN programmes xfp ON xfp.id = xfg.programme_id WHERE " + progs + "))", args
}
