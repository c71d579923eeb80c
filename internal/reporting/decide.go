package reporting

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/grant"
)

// Submit sends report id to the programme officer after checking it: every
// cost positive, dated within the period and with a supporting-document
// reference (checked when added), and every budget line whose variance is
// above the profile's threshold explained (a field error explain_<line>
// per line that is not).
func (s *Store) Submit(ctx context.Context, sc access.Scope, id, by int64) error {
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		r, err := grantee(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		d, err := s.load(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		fe := apperr.FieldErrors{}
		for _, e := range d.Expenditures {
			if e.AmountMinor <= 0 || e.SpentOn < r.PeriodStart || e.SpentOn > r.PeriodEnd || strings.TrimSpace(e.DocumentRef) == "" {
				fe.Add("expenditure_"+strconv.FormatInt(e.ID, 10), "reporting.error.expenditure")
			}
		}
		for _, l := range d.Lines {
			if l.NeedsExplanation && strings.TrimSpace(l.Explanation) == "" {
				fe.Add("explain_"+strconv.Itoa(l.Position), "reporting.error.explain")
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		now := s.now()
		res, err := db.Exec(ctx, tx, `UPDATE grantee_reports SET status = 'submitted', submitted_by = ?, submitted_at = ?,
			updated_at = ? WHERE id = ? AND status IN ('due', 'draft', 'changes_requested')`, userRef(by), now, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "reporting.error.not_editable")
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "grantee_report.submit", Object: "grantee_report", ObjectID: id,
			Payload: map[string]any{"grant_id": r.GrantID, "spent_minor": d.SpentMinor, "currency": r.Currency}})
	})
}

// submitted opens report id for an officer's decision inside tx: NotFound
// when the scope does not reach it, Conflict when it is not submitted.
func submitted(ctx context.Context, tx *sqlx.Tx, sc access.Scope, id int64) (Report, error) {
	r, err := get(ctx, tx, sc, id)
	if err != nil {
		return r, err
	}
	if r.Status != Submitted {
		return r, apperr.New(apperr.Conflict, "reporting.error.not_submitted")
	}
	return r, nil
}

// RequestChanges sends submitted report id back to the grantee with a
// reason.
func (s *Store) RequestChanges(ctx context.Context, sc access.Scope, id int64, reason string, by int64) error {
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > maxText {
		return apperr.Field("reason", "reporting.error.reason")
	}
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		r, err := submitted(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		now := s.now()
		res, err := db.Exec(ctx, tx, `UPDATE grantee_reports SET status = 'changes_requested', reason = ?, decided_by = ?,
			decided_at = ?, updated_at = ? WHERE id = ? AND status = 'submitted'`, reason, userRef(by), now, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "reporting.error.not_submitted")
		}
		if err := audit.Write(ctx, tx, audit.Entry{Action: "grantee_report.request_changes", Object: "grantee_report",
			ObjectID: id, Payload: map[string]any{"grant_id": r.GrantID, "reason": reason}}); err != nil {
			return err
		}
		return s.tellDecided(ctx, tx, r, ChangesRequested, reason)
	})
}

// SetEligibility marks cost expID of submitted report id ineligible with a
// reason, or eligible again (reason ignored).
func (s *Store) SetEligibility(ctx context.Context, sc access.Scope, id, expID int64, eligible bool, reason string) error {
	reason = strings.TrimSpace(reason)
	if eligible {
		reason = ""
	} else if reason == "" || len(reason) > maxShort {
		return apperr.Field("reason_"+strconv.FormatInt(expID, 10), "reporting.error.reason")
	}
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		r, err := submitted(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		res, err := db.Exec(ctx, tx, `UPDATE expenditures SET eligible = ?, ineligible_reason = ? WHERE id = ? AND report_id = ?`,
			eligible, reason, expID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return notFound()
		}
		action := "expenditure.ineligible"
		if eligible {
			action = "expenditure.eligible"
		}
		return audit.Write(ctx, tx, audit.Entry{Action: action, Object: "expenditure", ObjectID: expID,
			Payload: map[string]any{"report_id": id, "grant_id": r.GrantID, "reason": reason}})
	})
}

type tranche struct {
	ID          int64  `db:"id"`
	Position    int    `db:"position"`
	Kind        string `db:"kind"`
	AmountMinor int64  `db:"amount_minor"`
	Requires    string `db:"requires"`
	Status      string `db:"status"`
}

// Outcome is what an approval did to the grant's schedule.
type Outcome struct {
	TrancheID    int64       // the tranche made due, 0 when none
	AmountMinor  int64       // its amount after the spending rule
	ReducedMinor int64       // what the spending rule moved to the balance
	Settlement   *Settlement // of a final report
	RecoveryID   int64       // the recovery order created, 0 when none
}

// Approve approves submitted report id. An interim report makes the next
// tranche due, reduced by the spending rule (see SpendingRule); the final
// report settles the grant: a positive balance makes the balance tranche
// due with that amount, a negative one creates a recovery order. The grant
// row is locked (FOR UPDATE on PostgreSQL; SQLite's write transaction
// serialises) and the report moves from submitted by a conditional UPDATE,
// so two approvals at once settle once.
func (s *Store) Approve(ctx context.Context, sc access.Scope, id, by int64) (Outcome, error) {
	var out Outcome
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		out = Outcome{}
		r, err := submitted(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		g, err := loadGrant(ctx, tx, r.GrantID, true)
		if err != nil {
			return err
		}
		p, err := s.profile(g.Profile)
		if err != nil {
			return err
		}
		now := s.now()
		res, err := db.Exec(ctx, tx, `UPDATE grantee_reports SET status = 'approved', reason = '', decided_by = ?,
			decided_at = ?, updated_at = ? WHERE id = ? AND status = 'submitted'`, userRef(by), now, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "reporting.error.not_submitted")
		}
		if err := audit.Write(ctx, tx, audit.Entry{Action: "grantee_report.approve", Object: "grantee_report",
			ObjectID: id, Payload: map[string]any{"grant_id": r.GrantID, "kind": r.Kind,
				"eligible_minor": r.EligibleMinor, "currency": r.Currency}}); err != nil {
			return err
		}
		if err := s.tellDecided(ctx, tx, r, Approved, ""); err != nil {
			return err
		}
		var ts []tranche
		if err := db.Select(ctx, tx, &ts, `SELECT id, position, kind, amount_minor, requires, status FROM grant_tranches
			WHERE grant_id = ? ORDER BY position`, g.ID); err != nil {
			return err
		}
		if r.Kind == Final {
			return s.settle(ctx, tx, g, r, ts, by, &out)
		}
		var accepted int64
		if err := db.Get(ctx, tx, &accepted, `SELECT COALESCE(SUM(e.amount_minor), 0) FROM expenditures e
			JOIN grantee_reports r ON r.id = e.report_id WHERE r.grant_id = ? AND r.status = 'approved' AND e.eligible = ?`,
			g.ID, true); err != nil {
			return err
		}
		return nextTranche(ctx, tx, g, ts, accepted, p.Payments.NextTrancheSpentMinBP, &out)
	})
	return out, err
}

// SpendingRule is the reduction of the next tranche: the shortfall of the
// accepted eligible spending against minBP of what was paid so far,
// ceil(paid × minBP / 10000) − accepted, at least 0 and at most the
// tranche's amount.
func SpendingRule(paid, accepted, minBP, next int64) int64 {
	required := (paid*minBP + 9999) / 10000
	short := required - accepted
	if short < 0 {
		short = 0
	}
	if short > next {
		short = next
	}
	return short
}

// nextTranche makes the lowest planned tranche that waits for a report
// (requires 'report', or 'spent': the yearly tranche under the spending
// rule) due,
// moving the spending rule's reduction to the balance tranche so the
// schedule still adds up to the grant amount. Without a separate balance
// tranche to take it, the tranche is made due unreduced.
func nextTranche(ctx context.Context, tx *sqlx.Tx, g grantFacts, ts []tranche, accepted, minBP int64, out *Outcome) error {
	var next, bal *tranche
	for i := range ts {
		t := &ts[i]
		if next == nil && t.Status == "planned" && (t.Requires == "report" || t.Requires == "spent") {
			next = t
		}
		if t.Kind == "balance" && t.Status == "planned" {
			bal = t
		}
	}
	if next == nil {
		return nil
	}
	cut := SpendingRule(g.PaidMinor, accepted, minBP, next.AmountMinor)
	if bal == nil || bal.ID == next.ID {
		cut = 0
	}
	if cut > 0 {
		if _, err := db.Exec(ctx, tx, `UPDATE grant_tranches SET amount_minor = amount_minor + ? WHERE id = ?`,
			cut, bal.ID); err != nil {
			return err
		}
	}
	res, err := db.Exec(ctx, tx, `UPDATE grant_tranches SET amount_minor = amount_minor - ?, status = 'due'
		WHERE id = ? AND status = 'planned'`, cut, next.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.Conflict, "reporting.error.tranche")
	}
	out.TrancheID, out.AmountMinor, out.ReducedMinor = next.ID, next.AmountMinor-cut, cut
	payload := map[string]any{"tranche_id": next.ID, "position": next.Position, "amount_minor": next.AmountMinor - cut,
		"reduced_minor": cut, "accepted_minor": accepted, "paid_minor": g.PaidMinor, "currency": g.Currency}
	if cut > 0 {
		payload["balance_tranche_id"] = bal.ID
	}
	return audit.Write(ctx, tx, audit.Entry{Action: "grant.tranche_due", Object: "grant", ObjectID: g.ID, Payload: payload})
}

// settle applies the final settlement of report r (approved in tx).
func (s *Store) settle(ctx context.Context, tx *sqlx.Tx, g grantFacts, r Report, ts []tranche, by int64, out *Outcome) error {
	st, err := settlementOf(ctx, tx, g, r)
	if err != nil {
		return err
	}
	out.Settlement = &st
	var bal *tranche
	maxPos := 0
	for i := range ts {
		if ts[i].Kind == "balance" && ts[i].Status == "planned" {
			bal = &ts[i]
		}
		maxPos = max(maxPos, ts[i].Position)
	}
	if st.BalanceMinor > 0 {
		if bal == nil {
			id, err := db.InsertID(ctx, tx, `INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on,
				requires, status) VALUES (?, ?, 'balance', ?, ?, 'final_report', 'due') RETURNING id`,
				g.ID, maxPos+1, st.BalanceMinor, s.Today())
			if err != nil {
				return fmt.Errorf("balance tranche: %w", err)
			}
			out.TrancheID = id
		} else {
			if _, err := db.Exec(ctx, tx, `UPDATE grant_tranches SET amount_minor = ?, status = 'due' WHERE id = ?`,
				st.BalanceMinor, bal.ID); err != nil {
				return err
			}
			out.TrancheID = bal.ID
		}
		out.AmountMinor = st.BalanceMinor
	} else if bal != nil {
		// Nothing more to pay: the balance tranche keeps no amount.
		if _, err := db.Exec(ctx, tx, `UPDATE grant_tranches SET amount_minor = 0 WHERE id = ?`, bal.ID); err != nil {
			return err
		}
	}
	if err := audit.Write(ctx, tx, audit.Entry{Action: "grant.settle", Object: "grant", ObjectID: g.ID,
		Payload: map[string]any{"report_id": r.ID, "settlement": st, "tranche_id": out.TrancheID}}); err != nil {
		return err
	}
	if st.BalanceMinor > 0 {
		return nil // closed when the balance is paid (internal/payment)
	}
	if st.BalanceMinor == 0 {
		return closeSettled(ctx, tx, g.ID, grant.ClosedNothingDue)
	}
	id, err := db.InsertID(ctx, tx, `INSERT INTO recovery_orders (grant_id, report_id, currency, amount_minor, reason,
		status, created_by, created_at) VALUES (?, ?, ?, ?, 'final_settlement', 'open', ?, ?) RETURNING id`,
		g.ID, r.ID, g.Currency, -st.BalanceMinor, userRef(by), s.now())
	if err != nil {
		if db.IsUnique(err) {
			return apperr.Wrap(apperr.Conflict, "reporting.error.recovery_exists", err)
		}
		return fmt.Errorf("recovery order: %w", err)
	}
	out.RecoveryID = id
	return audit.Write(ctx, tx, audit.Entry{Action: "recovery_order.create", Object: "recovery_order", ObjectID: id,
		Payload: map[string]any{"grant_id": g.ID, "report_id": r.ID, "amount_minor": -st.BalanceMinor,
			"currency": g.Currency}})
}

// closeSettled closes a settled grant in tx; a grant that is not signed or
// active (suspended, say) stays as it is for its officer to decide.
func closeSettled(ctx context.Context, tx *sqlx.Tx, grantID int64, reason string) error {
	err := grant.CloseTx(ctx, tx, grantID, reason)
	if errors.Is(err, grant.ErrTransition) {
		return nil
	}
	return err
}
