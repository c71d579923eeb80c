package grant

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/db"
)

// Source is one of the programme's funding sources as an agreement shows
// it beside the schedule: its contribution and its share of all the
// sources, in basis points (the shares add up to 10 000, the last one
// taking the rounding).
type Source struct {
	Name        string `db:"name"`
	AmountMinor int64  `db:"amount_minor"`
	ShareBP     int64  `db:"-"`
}

// Sources are the funding sources of programme programmeID, in their
// order, with their shares; none when the programme records none.
func (s *Store) Sources(ctx context.Context, programmeID int64) ([]Source, error) {
	var out []Source
	if err := db.Select(ctx, s.DB, &out, `SELECT name, amount_minor FROM programme_funding_sources
		WHERE programme_id = ? ORDER BY position`, programmeID); err != nil {
		return nil, fmt.Errorf("funding sources of programme %d: %w", programmeID, err)
	}
	return withShares(out), nil
}

func withShares(ss []Source) []Source {
	var total int64
	for _, x := range ss {
		total += x.AmountMinor
	}
	if total <= 0 {
		return ss
	}
	var given int64
	for i := range ss {
		if i == len(ss)-1 {
			ss[i].ShareBP = 10000 - given
			break
		}
		ss[i].ShareBP = mulDiv(ss[i].AmountMinor, 10000, total)
		given += ss[i].ShareBP
	}
	return ss
}

// Split divides amount between the sources by their shares, rounded down,
// the last source taking the remainder so the parts add up to amount: how
// much of a tranche each source funds. Nil when there are no sources.
func Split(amount int64, ss []Source) []int64 {
	if len(ss) == 0 {
		return nil
	}
	out := make([]int64, len(ss))
	var given int64
	for i, x := range ss {
		if i == len(ss)-1 {
			out[i] = amount - given
			break
		}
		out[i] = mulDiv(amount, x.ShareBP, 10000)
		given += out[i]
	}
	return out
}
