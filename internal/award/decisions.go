package award

import (
	"context"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/review"
)

// decisionRow is an award_decisions row.
type decisionRow struct {
	ID            int64  `db:"id"`
	SessionID     int64  `db:"session_id"`
	ApplicationID int64  `db:"application_id"`
	LotID         int64  `db:"lot_id"`
	OrgID         int64  `db:"org_id"`
	Rank          int    `db:"rank"`
	FinalX100     int64  `db:"final_x100"`
	Fundable      bool   `db:"fundable"`
	Decision      string `db:"decision"`
	ReserveRank   *int   `db:"reserve_rank"`
	Currency      string `db:"currency"`
	Requested     int64  `db:"requested_minor"`
	Amount        int64  `db:"amount_minor"`
	ReducedReason string `db:"reduced_reason"`
	Reasons       string `db:"reasons"`
	Comment       string `db:"comment"`
}

// overrideMarks tell from its reasons which override made a decision.
var overrideMarks = map[string]string{ReasonReduced: Reduce, ReasonExcluded: Exclude, ReasonPromoted: Promote}

func (r decisionRow) decision() Decision {
	d := Decision{ApplicationID: r.ApplicationID, LotID: r.LotID, OrgID: r.OrgID, Rank: r.Rank, FinalX100: r.FinalX100,
		Fundable: r.Fundable, Decision: r.Decision, RequestedMinor: r.Requested, AmountMinor: r.Amount,
		ReducedReason: r.ReducedReason, Reasons: parseReasons(r.Reasons), Comment: r.Comment}
	if r.ReserveRank != nil {
		d.ReserveRank = *r.ReserveRank
	}
	for _, x := range d.Reasons {
		if a, ok := overrideMarks[x.Key]; ok {
			d.Override = a
		}
	}
	return d
}

// loadDecisions lists decisions matching cond (over the alias d), by lot
// and rank.
func loadDecisions(ctx context.Context, c db.Conn, cond string, args ...any) ([]Decision, error) {
	var rows []decisionRow
	if err := db.Select(ctx, c, &rows, `SELECT d.id, d.session_id, d.application_id, d.lot_id, d.org_id, d.rank, d.final_x100,
		d.fundable, d.decision, d.reserve_rank, d.currency, d.requested_minor, d.amount_minor, d.reduced_reason, d.reasons,
		d.comment FROM award_decisions d WHERE `+cond+` ORDER BY d.lot_id, d.rank`, args...); err != nil {
		return nil, fmt.Errorf("award decisions: %w", err)
	}
	out := make([]Decision, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.decision())
	}
	return out, nil
}

// writeDecisions replaces a session's decisions with the ranking's.
func writeDecisions(ctx context.Context, tx *sqlx.Tx, sessionID int64, currency string, lots []LotResult) error {
	if _, err := db.Exec(ctx, tx, `DELETE FROM award_decisions WHERE session_id = ?`, sessionID); err != nil {
		return fmt.Errorf("clear decisions: %w", err)
	}
	for _, lr := range lots {
		for _, d := range lr.Decisions {
			var reserve *int
			if d.ReserveRank > 0 {
				reserve = &d.ReserveRank
			}
			if _, err := db.Exec(ctx, tx, `INSERT INTO award_decisions (session_id, application_id, lot_id, org_id, rank,
				final_x100, fundable, decision, reserve_rank, currency, requested_minor, amount_minor, reduced_reason, reasons,
				comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, sessionID, d.ApplicationID, d.LotID, d.OrgID,
				d.Rank, d.FinalX100, d.Fundable, d.Decision, reserve, currency, d.RequestedMinor, d.AmountMinor,
				d.ReducedReason, reasonsJSON(d.Reasons), d.Comment); err != nil {
				return fmt.Errorf("record decision: %w", err)
			}
		}
	}
	return nil
}

// writeMembers replaces the members present at a session.
func writeMembers(ctx context.Context, tx *sqlx.Tx, sessionID int64, ms []SessionMember) error {
	if _, err := db.Exec(ctx, tx, `DELETE FROM committee_session_members WHERE session_id = ?`, sessionID); err != nil {
		return fmt.Errorf("clear members: %w", err)
	}
	for _, m := range ms {
		if _, err := db.Exec(ctx, tx, `INSERT INTO committee_session_members (session_id, user_id, role) VALUES (?, ?, ?)`,
			sessionID, m.UserID, m.Role); err != nil {
			return fmt.Errorf("record member: %w", err)
		}
	}
	return nil
}

// ranked lists the application ids of a ranking.
func ranked(lots []LotResult) []int64 {
	var ids []int64
	for _, lr := range lots {
		for _, d := range lr.Decisions {
			ids = append(ids, d.ApplicationID)
		}
	}
	slices.Sort(ids)
	return ids
}

// sectionsByApp indexes a consolidation's section results by application,
// so that placing them on thousands of decisions stays linear.
func sectionsByApp(cons []review.Consolidated) map[int64][]review.SectionResult {
	out := make(map[int64][]review.SectionResult, len(cons))
	for _, c := range cons {
		out[c.ApplicationID] = c.Sections
	}
	return out
}
