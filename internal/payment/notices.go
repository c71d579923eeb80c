package payment

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

// financeRole is the role a request waits for while it is requested
// (verification), verified (approval) or approved (payment).
const financeRole = "finance_officer"

// tellState sends the notices of request r having moved to state to, in
// the transaction of the move: the grantee's members hear of its
// submission, approval, refusal and payment; the finance officers (but
// the one who acted) of each step that now waits for them.
func (s *Store) tellState(ctx context.Context, tx *sqlx.Tx, r Request, to Status, actor int64) error {
	if s.Cat == nil {
		return nil
	}
	link := "/payments/" + strconv.FormatInt(r.ID, 10)
	text := func(key string) func(l i18n.Lang) (string, string) {
		return func(l i18n.Lang) (string, string) {
			args := []any{"contract", r.ContractNumber, "organisation", r.OrgName,
				"amount", i18n.Money(l, r.AmountMinor, r.Currency), "reason", r.Reason}
			return s.Cat.T(l, key+".subject", args...), s.Cat.T(l, key+".body", args...)
		}
	}
	if to != Verified {
		members, err := notify.Members(ctx, tx, r.OrgID)
		if err != nil {
			return err
		}
		if err := notify.Tell(ctx, tx, members, notify.EventPaymentRequest, link, text("remind.payment."+string(to))); err != nil {
			return err
		}
	}
	if to == Requested || to == Verified || to == Approved {
		finance, err := notify.WithRole(ctx, tx, financeRole, actor)
		if err != nil {
			return err
		}
		return notify.Tell(ctx, tx, finance, notify.EventPaymentRequest, link, text("remind.payment.waiting."+string(to)))
	}
	return nil
}

// tellMoved sends the notices of request id if step moved it from its
// state before: one place for verification, approval, refusal and payment.
func (s *Store) tellMoved(ctx context.Context, tx *sqlx.Tx, a Actor, before Request) error {
	if s.Cat == nil {
		return nil
	}
	after, err := getRequest(ctx, tx, a.Scope, before.ID, false)
	if err != nil {
		return fmt.Errorf("payment request %d for its notice: %w", before.ID, err)
	}
	if after.Status == before.Status {
		return nil
	}
	return s.tellState(ctx, tx, after, after.Status, a.UserID)
}

// tellRequested sends the notices of request id, just created.
func (s *Store) tellRequested(ctx context.Context, tx *sqlx.Tx, a Actor, id int64) error {
	if s.Cat == nil {
		return nil
	}
	r, err := getRequest(ctx, tx, a.Scope, id, false)
	if err != nil {
		return fmt.Errorf("payment request %d for its notice: %w", id, err)
	}
	return s.tellState(ctx, tx, r, Requested, a.UserID)
}
