package call

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/programme"
)

// Viewer says which calls a reader may see. Everyone sees published calls;
// Staff sees every call in every state; a donor officer also sees every
// call of its organisations' programmes.
type Viewer struct {
	Staff       bool
	DonorOrgIDs []int64
}

// CanSee reports whether v may see c.
func (v Viewer) CanSee(c Call) bool {
	return v.Staff || c.State != stateDraft || slices.Contains(v.DonorOrgIDs, c.DonorOrgID)
}

// Filter narrows a list of calls.
type Filter struct {
	Status      Status // "" for every status the viewer may see
	ProgrammeID int64  // 0 for every programme
}

// List returns the calls v may list, newest deadline first. A viewer who
// is neither staff nor a donor of the programme lists open calls only.
func (s *Store) List(ctx context.Context, v Viewer, f Filter) ([]Call, error) {
	now := s.Now()
	q := `SELECT ` + cols + from + ` WHERE 1 = 1`
	var args []any
	switch {
	case v.Staff:
	case len(v.DonorOrgIDs) > 0:
		q += ` AND (p.donor_org_id IN (` + programme.Placeholders(len(v.DonorOrgIDs)) + `) OR ` + statusSQL(Open) + `)`
		args = append(append(args, programme.Args(v.DonorOrgIDs)...), now, now)
	default:
		q += ` AND ` + statusSQL(Open)
		args = append(args, now, now)
	}
	if f.Status != "" {
		q += ` AND ` + statusSQL(f.Status)
		args = append(args, statusArgs(f.Status, now)...)
	}
	if f.ProgrammeID != 0 {
		q += ` AND c.programme_id = ?`
		args = append(args, f.ProgrammeID)
	}
	out := []Call{}
	if err := db.Select(ctx, s.DB, &out, q+` ORDER BY c.closes_at DESC, c.id DESC`, args...); err != nil {
		return nil, fmt.Errorf("list calls: %w", err)
	}
	for i := range out {
		utc(&out[i])
	}
	return out, nil
}

// statusSQL is the condition for a computed status (see StatusAt; the
// deadline is passed at closes_at itself, as in Call.DeadlinePassed); its
// arguments come from statusArgs.
func statusSQL(st Status) string {
	switch st {
	case Draft:
		return `c.state = 'draft'`
	case Published:
		return `(c.state = 'published' AND c.opens_at > ?)`
	case Open:
		return `(c.state = 'published' AND c.opens_at <= ? AND c.closes_at > ?)`
	default:
		return `(c.state = 'closed' OR (c.state = 'published' AND c.closes_at <= ?))`
	}
}

func statusArgs(st Status, now time.Time) []any {
	switch st {
	case Draft:
		return nil
	case Open:
		return []any{now, now}
	default:
		return []any{now}
	}
}

// ParseStatus reads a status name.
func ParseStatus(s string) (Status, bool) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, true
		}
	}
	return "", false
}
