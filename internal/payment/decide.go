package payment

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/grant"
)

// MaxReasonLen bounds the reason of a refusal, in characters.
const MaxReasonLen = 2000

// Verify records that finance checked the request: the grant still
// payable, the amount within its tranche and what is left on the grant.
// Whoever verifies may not approve (see Approve).
func (s *Store) Verify(ctx context.Context, a Actor, id int64) (Request, error) {
	return s.step(ctx, a, id, func(tx *sqlx.Tx, r Request) error {
		if r.Status != Requested {
			return conflict("status", "payments.error.state")
		}
		if same(r.RequestedBy, a.UserID) {
			return fourEyes()
		}
		if err := checkAmounts(r); err != nil {
			return err
		}
		return s.move(ctx, tx, r, Requested, Verified, `verified_by = ?, verified_at = ?`, userRef(a.UserID), s.now())
	})
}

// Approve is the second pair of eyes: a user who neither requested nor
// verified the request, whatever their roles.
func (s *Store) Approve(ctx context.Context, a Actor, id int64) (Request, error) {
	return s.step(ctx, a, id, func(tx *sqlx.Tx, r Request) error {
		if r.Status != Verified {
			return conflict("status", "payments.error.state")
		}
		if same(r.VerifiedBy, a.UserID) || same(r.RequestedBy, a.UserID) {
			return fourEyes()
		}
		if err := checkAmounts(r); err != nil {
			return err
		}
		return s.move(ctx, tx, r, Verified, Approved, `approved_by = ?, approved_at = ?`, userRef(a.UserID), s.now())
	})
}

// Reject refuses the request for good; RequestChanges sends it back to the
// grantee. Both need a reason, both free the tranche (due again) so the
// grantee can request it anew.
func (s *Store) Reject(ctx context.Context, a Actor, id int64, reason string) (Request, error) {
	return s.refuse(ctx, a, id, reason, Rejected)
}

// RequestChanges sends the request back to the grantee with a reason.
func (s *Store) RequestChanges(ctx context.Context, a Actor, id int64, reason string) (Request, error) {
	return s.refuse(ctx, a, id, reason, ChangesRequested)
}

func (s *Store) refuse(ctx context.Context, a Actor, id int64, reason string, to Status) (Request, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxReasonLen {
		return Request{}, apperr.Field("reason", "payments.error.reason")
	}
	return s.step(ctx, a, id, func(tx *sqlx.Tx, r Request) error {
		if !r.Status.Open() {
			return conflict("status", "payments.error.state")
		}
		if r.TrancheID != nil {
			if _, err := db.Exec(ctx, tx, `UPDATE grant_tranches SET status = 'due' WHERE id = ? AND status = 'requested'`,
				*r.TrancheID); err != nil {
				return fmt.Errorf("free tranche: %w", err)
			}
		}
		return s.move(ctx, tx, r, r.Status, to, `decided_by = ?, decided_at = ?, reason = ?`, userRef(a.UserID), s.now(), reason)
	})
}

// step runs fn on request id, locked, in one transaction, and returns the
// request as it then stands. Only staff reach a request to decide on it:
// a grantee's scope acting on its own grant is refused.
func (s *Store) step(ctx context.Context, a Actor, id int64, fn func(tx *sqlx.Tx, r Request) error) (Request, error) {
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		r, err := getRequest(ctx, tx, a.Scope, id, true)
		if err != nil {
			return err
		}
		if a.Scope.ActsForGrantee(r.OrgID) || !a.Scope.All() {
			return apperr.New(apperr.Forbidden, "payments.error.staff_only")
		}
		if err := fn(tx, r); err != nil {
			return err
		}
		return s.tellMoved(ctx, tx, a, r)
	})
	if err != nil {
		return Request{}, err
	}
	return getRequest(ctx, s.DB, a.Scope, id, false)
}

// move changes r from one state to another (only if it still is in from),
// setting the columns of set, and writes the audit row.
func (s *Store) move(ctx context.Context, tx *sqlx.Tx, r Request, from, to Status, set string, args ...any) error {
	res, err := db.Exec(ctx, tx, `UPDATE payment_requests SET status = ?, `+set+` WHERE id = ? AND status = ?`,
		append(append([]any{to}, args...), r.ID, from)...)
	if err != nil {
		return fmt.Errorf("payment request %d to %s: %w", r.ID, to, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return conflict("status", "payments.error.state")
	}
	payload := map[string]any{"grant_id": r.GrantID, "from": from, "to": to, "amount_minor": r.AmountMinor, "currency": r.Currency}
	if to == Rejected || to == ChangesRequested {
		payload["reason"] = args[len(args)-1]
	}
	return audit.Write(ctx, tx, audit.Entry{Action: "payment_request." + actionOf(to), Object: "payment_request",
		ObjectID: r.ID, Payload: payload})
}

func actionOf(to Status) string {
	switch to {
	case Verified:
		return "verify"
	case Approved:
		return "approve"
	case Paid:
		return "pay"
	case Rejected:
		return "reject"
	case ChangesRequested:
		return "request_changes"
	}
	return string(to)
}

// checkAmounts re-checks what verification and approval vouch for.
func checkAmounts(r Request) error {
	if !grant.Status(r.GrantStatus).Payable() {
		return conflict("grant", "payments.error.not_signed")
	}
	if r.TrancheID != nil && r.AmountMinor > r.TrancheAmount {
		return conflict("amount_minor", "payments.error.above_tranche")
	}
	if r.AmountMinor > r.GrantAmount-r.GrantPaid {
		return conflict("amount_minor", "payments.error.above_left")
	}
	return nil
}

// fourEyes refuses a user a second step on the same request; the field
// names the rule for the API's caller.
func fourEyes() error {
	return &apperr.Error{Code: apperr.Forbidden, Key: "payments.error.four_eyes", Fields: map[string]string{"user": "payments.error.four_eyes"}}
}

func same(p *int64, id int64) bool { return p != nil && id != 0 && *p == id }
