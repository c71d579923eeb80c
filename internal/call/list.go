package call

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
)

// Filter narrows a list of calls.
type Filter struct {
	Status      Status // "" for every status the viewer may see
	ProgrammeID int64  // 0 for every programme
}

// List returns the calls sc may list, newest deadline first: those it
// reaches in every state (access.Scope.CallDrafts) and, of the others it
// reaches, the open ones only.
func (s *Store) List(ctx context.Context, sc access.Scope, f Filter) ([]Call, error) {
	now := s.Now()
	cond, args := sc.Calls("c")
	drafts, dargs := sc.CallDrafts("c")
	q := `SELECT ` + cols + from + ` WHERE ` + cond + ` AND (` + drafts + ` OR ` + statusSQL(Open) + `)`
	args = append(append(args, dargs...), now, now)
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
