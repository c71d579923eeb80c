package application

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// UpdateAnswer changes an application awaiting more information: only the
// sections the open request names may differ from what is stored; a change
// elsewhere is refused with a field error on that section
// ("screening.error.section_locked"), and so is the declaration of honour.
// The money and duration limits hold as for drafts. Update calls it for an
// application in info_requested.
func (s *Store) UpdateAnswer(ctx context.Context, id int64, sc access.Scope, userID int64, in Input) (Application, error) {
	r, cur, err := s.answerable(ctx, id, sc)
	if err != nil {
		return cur, err
	}
	next := cur.With(in)
	fe := apperr.FieldErrors{}
	allowed := r.AllowedSections()
	for _, sec := range changedSections(cur, next) {
		if !slices.Contains(allowed, sec) {
			fe.Add(sectionField(sec), "screening.error.section_locked")
		}
	}
	if cur.DeclarationAccepted != next.DeclarationAccepted {
		fe.Add("declaration_accepted", "screening.error.section_locked")
	}
	if err := fe.Err(); err != nil {
		return cur, err
	}
	c, lots, profile, err := s.rules(ctx, cur.CallID)
	if err != nil {
		return cur, err
	}
	if ps := limits(next, c, lots, profile); len(ps) > 0 {
		for _, p := range ps {
			fe.Add(p.Field, p.Key)
		}
		return cur, fe.Err()
	}
	t, _ := Sum(next.Budget, profile)
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		lf, _ := json.Marshal(next.Logframe)
		wp, _ := json.Marshal(next.Activities)
		res, err := db.Exec(ctx, tx, `UPDATE applications SET title = ?, summary = ?, duration_months = ?, start_month = ?,
			logframe = ?, workplan = ?, total_minor = ?, requested_minor = ?, cofinancing_minor = ?, updated_at = ?
			WHERE id = ? AND status = 'info_requested'`,
			next.Title, next.Summary, next.DurationMonths, next.StartMonth, string(lf), string(wp), t.Total, t.Requested,
			t.Cofinancing, s.Now(), cur.ID)
		if err != nil {
			return fmt.Errorf("update application: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "applications.error.not_editable")
		}
		return writeSections(ctx, tx, next)
	})
	if err != nil {
		return cur, err
	}
	return s.Get(ctx, id, sc)
}

// sectionField is the field an error about a whole section is shown on.
func sectionField(sec string) string {
	if sec == "workplan" {
		return "activities"
	}
	return sec
}

// changedSections lists the sections (see Sections) where b differs from a.
func changedSections(a, b Application) []string {
	var out []string
	add := func(same bool, sec string) {
		if !same {
			out = append(out, sec)
		}
	}
	add(a.Title == b.Title && a.Summary == b.Summary && a.DurationMonths == b.DurationMonths && a.StartMonth == b.StartMonth, "summary")
	add(slices.Equal(sortedGroups(a.TargetGroups), sortedGroups(b.TargetGroups)), "target_groups")
	add(slices.Equal(sorted(a.Municipalities), sorted(b.Municipalities)), "municipalities")
	add(slices.Equal(a.Logframe.Objectives, b.Logframe.Objectives) && slices.Equal(a.Logframe.Indicators, b.Logframe.Indicators), "logframe")
	add(slices.EqualFunc(a.Activities, b.Activities, func(x, y Activity) bool {
		return x.Title == y.Title && slices.Equal(x.Months, y.Months)
	}), "workplan")
	add(slices.Equal(a.Budget, b.Budget), "budget")
	add(slices.EqualFunc(a.Partners, b.Partners, func(x, y Partner) bool {
		return x.Name == y.Name && x.Role == y.Role && x.ShareMinor == y.ShareMinor &&
			((x.OrgID == nil && y.OrgID == nil) || (x.OrgID != nil && y.OrgID != nil && *x.OrgID == *y.OrgID))
	}), "partners")
	return out
}

func sorted(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func sortedGroups(g []TargetGroup) []TargetGroup {
	c := slices.Clone(g)
	slices.SortFunc(c, func(x, y TargetGroup) int { return strings.Compare(x.Code, y.Code) })
	return c
}
