package report

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
)

// Subject is something a report can be of: a programme, a call or a grant.
type Subject struct {
	ID    int64  `db:"id"`
	Label string `db:"label"`
}

// Subjects are what a scope's reports can be of, for the choice on the
// reports page: its programmes, the calls whose ranking it reads and its
// awarded grants.
type Subjects struct {
	Programmes, Calls, Grants []Subject
}

// Of lists the subjects of param.
func (s Subjects) Of(p Param) []Subject {
	switch p {
	case Programme:
		return s.Programmes
	case Call:
		return s.Calls
	}
	return s.Grants
}

// Subjects reads the subjects the scope reaches.
func (r *Registry) Subjects(ctx context.Context, sc access.Scope) (Subjects, error) {
	var out Subjects
	pc, pa := sc.Programmes("p")
	cc, ca := sc.Rankings("c")
	gc, ga := sc.Grants("g")
	for _, q := range []struct {
		dest *[]Subject
		sql  string
		args []any
	}{
		{&out.Programmes, `SELECT p.id, p.title AS label FROM programmes p WHERE ` + pc + ` ORDER BY p.starts_on DESC, p.id DESC`, pa},
		{&out.Calls, `SELECT c.id, c.reference AS label FROM calls c WHERE c.state <> 'draft' AND ` + cc + ` ORDER BY c.id DESC`, ca},
		{&out.Grants, `SELECT g.id, g.contract_number || ' · ' || o.name AS label FROM grants g JOIN organisations o ON o.id = g.org_id
			WHERE ` + awardedStatuses + ` AND ` + gc + ` ORDER BY g.contract_number`, ga},
	} {
		*q.dest = []Subject{}
		if err := db.Select(ctx, r.deps.DB, q.dest, q.sql, q.args...); err != nil {
			return out, fmt.Errorf("report: subjects: %w", err)
		}
	}
	return out, nil
}
