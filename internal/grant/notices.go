package grant

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

// noticeFacts is what a grant's notices say of it.
type noticeFacts struct {
	OrgID    int64  `db:"org_id"`
	Contract string `db:"contract_number"`
	Amount   int64  `db:"amount_minor"`
	Currency string `db:"currency"`
}

func grantFacts(ctx context.Context, tx *sqlx.Tx, id int64) (noticeFacts, error) {
	var f noticeFacts
	if err := db.Get(ctx, tx, &f, `SELECT org_id, contract_number, amount_minor, currency FROM grants WHERE id = ?`, id); err != nil {
		return f, fmt.Errorf("grant %d for its notice: %w", id, err)
	}
	return f, nil
}

// tellAgreementReady tells the grantee's members, in the transaction that
// created the draft agreement, that it is ready for them to read and sign.
func (s *Store) tellAgreementReady(ctx context.Context, tx *sqlx.Tx, id int64) error {
	if s.Cat == nil {
		return nil
	}
	f, err := grantFacts(ctx, tx, id)
	if err != nil {
		return err
	}
	to, err := notify.Members(ctx, tx, f.OrgID)
	if err != nil {
		return err
	}
	link := "/grants/" + strconv.FormatInt(id, 10)
	return notify.Tell(ctx, tx, to, notify.EventAgreementReady, link, func(l i18n.Lang) (string, string) {
		args := []any{"contract", f.Contract, "amount", i18n.Money(l, f.Amount, f.Currency)}
		return s.Cat.T(l, "remind.agreement.subject", args...), s.Cat.T(l, "remind.agreement.body", args...)
	})
}

// tellAmendmentDecided tells the grantee's members and the requester (an
// officer, say) that amendment m was approved or rejected, with the note.
func (s *Store) tellAmendmentDecided(ctx context.Context, tx *sqlx.Tx, m Amendment, status AmendmentStatus, note string) error {
	if s.Cat == nil {
		return nil
	}
	f, err := grantFacts(ctx, tx, m.GrantID)
	if err != nil {
		return err
	}
	to, err := notify.Members(ctx, tx, f.OrgID)
	if err != nil {
		return err
	}
	if m.RequestedBy != nil {
		req, err := notify.User(ctx, tx, *m.RequestedBy)
		if err != nil {
			return err
		}
		to = addRecipients(to, req)
	}
	link := "/grants/" + strconv.FormatInt(m.GrantID, 10)
	return notify.Tell(ctx, tx, to, notify.EventAmendment, link, func(l i18n.Lang) (string, string) {
		args := []any{"contract", f.Contract, "kind", s.Cat.T(l, "grants.amend.kind."+string(m.Kind)), "note", note}
		return s.Cat.T(l, "remind.amendment."+string(status)+".subject", args...),
			s.Cat.T(l, "remind.amendment."+string(status)+".body", args...)
	})
}

// addRecipients appends those of more not yet in to.
func addRecipients(to, more []notify.Recipient) []notify.Recipient {
	for _, r := range more {
		seen := false
		for _, t := range to {
			seen = seen || t.UserID == r.UserID
		}
		if !seen {
			to = append(to, r)
		}
	}
	return to
}
