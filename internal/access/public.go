package access

// published is the condition that grant alias g is a public sub-grant: its
// agreement signed by both parties (signed, active, suspended or closed;
// never a draft, never a terminated one) and resting on an award decision
// of a committee session that was approved. Drafts, applications that were
// rejected or put in reserve, and decisions not yet approved have no signed
// agreement, so they never appear.
func published(g string) string {
	return "(" + g + ".status IN ('signed', 'active', 'suspended', 'closed') AND " + g + `.signed_at IS NOT NULL
		AND EXISTS (SELECT 1 FROM award_decisions xpd JOIN committee_sessions xps ON xps.id = xpd.session_id
			JOIN applications xpa ON xpa.id = xpd.application_id
			WHERE xpd.application_id = ` + g + `.application_id AND xpd.decision = 'award' AND xps.status = 'approved'
			AND xpa.status = 'awarded'))`
}

// PublishedGrants is the condition on alias g for the rows of the public
// register of sub-grants the scope reaches: every published grant on the
// public scope (anyone, signed in or not), and on any other scope the
// published grants among those it reaches (a donor officer's dashboard map
// shows its own programmes' only).
func (s Scope) PublishedGrants(g string) (string, []any) {
	if s.public {
		return published(g), nil
	}
	c, args := s.Grants(g)
	return published(g) + " AND " + c, args
}

// PublicServices is the condition on col (a column holding an
// organisation id) for the organisations whose social services the public
// map shows: those whose profile a program officer has verified, so that a
// self-registered organisation publishes nothing before it is checked. Off
// the public scope it is the scope's own organisations condition as well.
func (s Scope) PublicServices(col string) (string, []any) {
	verified := col + " IN (SELECT xpv.org_id FROM organisation_profiles xpv WHERE xpv.verified_at IS NOT NULL)"
	if s.public {
		return verified, nil
	}
	c, args := s.Organisations(col)
	return verified + " AND " + c, args
}
