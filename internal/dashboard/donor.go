package dashboard

import "context"

// Donor is a donor officer's dashboard over the programmes its
// organisation funds: committed, paid and verified amounts, awards by
// municipality and by target group, and beneficiaries reached against the
// awarded applications' targets.
type Donor struct {
	Programmes     []ProgrammeMoney
	ByMunicipality []Count
	ByTargetGroup  []Count
	Beneficiaries  []Reach
	Results        []CallResult
}

// CallResult is a call of the donor's programmes whose committee approved
// its ranking at a stage: its ranking, evaluation report and workbook are
// ready to read.
type CallResult struct {
	CallID    int64  `db:"id"`
	Reference string `db:"reference"`
	Stage     string `db:"stage"`
}

// Reach is one target group's beneficiaries: planned by the awarded
// applications, reached by the approved or submitted reports.
type Reach struct {
	TargetGroup string `db:"target_group"`
	Target      int64  `db:"target"`
	Reached     int64  `db:"reached"`
}

// Donor reads the donor officer's dashboard.
func (s *Store) Donor(ctx context.Context, sc Scopes) (Donor, error) {
	var out Donor
	var err error
	if out.Programmes, err = s.programmeMoney(ctx, sc); err != nil {
		return out, err
	}
	gc, ga := sc.Grants.Grants("g")
	out.ByMunicipality = []Count{}
	if err = s.sel(ctx, &out.ByMunicipality, `SELECT m.municipality AS k, COUNT(*) AS n
		FROM grants g JOIN application_municipalities m ON m.application_id = g.application_id
		WHERE g.status <> 'draft' AND `+gc+` GROUP BY m.municipality ORDER BY COUNT(*) DESC, m.municipality`, ga...); err != nil {
		return out, err
	}
	out.ByTargetGroup = []Count{}
	if err = s.sel(ctx, &out.ByTargetGroup, `SELECT tg.target_group AS k, COUNT(*) AS n
		FROM grants g JOIN application_target_groups tg ON tg.application_id = g.application_id
		WHERE g.status <> 'draft' AND `+gc+` GROUP BY tg.target_group ORDER BY COUNT(*) DESC, tg.target_group`, ga...); err != nil {
		return out, err
	}
	out.Beneficiaries = []Reach{}
	err = s.sel(ctx, &out.Beneficiaries, `SELECT k.target_group, 
		COALESCE((SELECT SUM(tg.beneficiaries) FROM application_target_groups tg JOIN grants g ON g.application_id = tg.application_id
			WHERE tg.target_group = k.target_group AND g.status <> 'draft' AND `+gc+`), 0) AS target,
		COALESCE((SELECT SUM(b.count) FROM report_beneficiaries b JOIN grantee_reports r ON r.id = b.report_id
			JOIN grants g ON g.id = r.grant_id
			WHERE b.target_group = k.target_group AND r.status IN ('submitted', 'approved') AND `+gc+`), 0) AS reached
		FROM (SELECT tg.target_group FROM application_target_groups tg JOIN grants g ON g.application_id = tg.application_id
			WHERE g.status <> 'draft' AND `+gc+`
			UNION SELECT b.target_group FROM report_beneficiaries b JOIN grantee_reports r ON r.id = b.report_id
			JOIN grants g ON g.id = r.grant_id WHERE r.status IN ('submitted', 'approved') AND `+gc+`) k
		ORDER BY k.target_group`, args(ga, ga, ga, ga)...)
	if err != nil {
		return out, err
	}
	rc, ra := sc.Rankings.Rankings("c")
	out.Results = []CallResult{}
	err = s.sel(ctx, &out.Results, `SELECT DISTINCT c.id, c.reference, cs.stage FROM calls c
		JOIN committee_sessions cs ON cs.call_id = c.id AND cs.status = 'approved'
		WHERE `+rc+` ORDER BY c.reference, cs.stage`, ra...)
	return out, err
}
