package grant

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
)

// Action is a change of an agreement's state.
type Action string

// The actions on an agreement.
const (
	Sign      Action = "sign"
	Activate  Action = "activate"
	Suspend   Action = "suspend"
	Resume    Action = "resume"
	Close     Action = "close"
	Terminate Action = "terminate"
)

// Actions lists every action, in the order pages offer them.
var Actions = []Action{Sign, Activate, Suspend, Resume, Close, Terminate}

// Statuses lists every state.
var Statuses = []Status{Draft, Signed, Active, Suspended, Closed, Terminated}

// managers are the roles that change an agreement's state.
var managers = []string{"admin", "program_officer"}

// transition is one row of the table: from a state, an action leads to a
// state, for the roles named; needsReason asks for a reason.
type transition struct {
	from        []Status
	to          Status
	roles       []string
	needsReason bool
}

// transitions is the whole workflow: signed is the agreement in force
// once both parties signed; activate records the start of implementation
// (pages offer it once the pre-financing is paid or the start date came;
// payments accept signed and active alike); close is the end after the
// final settlement (the reporting settlement closes it in its own
// transaction with CloseTx); terminate ends it early, from any state that
// is not final.
var transitions = map[Action]transition{
	Sign:      {from: []Status{Draft}, to: Signed, roles: managers},
	Activate:  {from: []Status{Signed}, to: Active, roles: managers},
	Suspend:   {from: []Status{Signed, Active}, to: Suspended, roles: managers, needsReason: true},
	Resume:    {from: []Status{Suspended}, to: Active, roles: managers},
	Close:     {from: []Status{Signed, Active}, to: Closed, roles: managers},
	Terminate: {from: []Status{Draft, Signed, Active, Suspended}, to: Terminated, roles: managers, needsReason: true},
}

// Next returns the state action leads to from st for role, and whether
// it is allowed at all: the transition table as a function.
func Next(st Status, act Action, role string) (Status, bool) {
	t, ok := transitions[act]
	if !ok || !slices.Contains(t.from, st) || !slices.Contains(t.roles, role) {
		return st, false
	}
	return t.to, true
}

// Available lists the actions role may take on a grant in state st.
func Available(st Status, role string) []Action {
	var out []Action
	for _, a := range Actions {
		if _, ok := Next(st, a, role); ok {
			out = append(out, a)
		}
	}
	return out
}

// ErrTransition is the conflict of an action the state does not allow.
var ErrTransition = apperr.New(apperr.Conflict, "grants.error.transition")

// Apply takes action act on grant id for a user of role (a reason for
// suspend and terminate), in one transaction with its audit row. Signing
// needs the signed scan, both signature dates and the organisation's
// verified IBAN passing mod-97, which becomes the grant's account; the
// tranches requiring the signature become due and OnSigned runs.
func (s *Store) Apply(ctx context.Context, id int64, sc access.Scope, act Action, role, reason string) (Agreement, error) {
	t, known := transitions[act]
	if !known {
		return Agreement{}, apperr.Field("action", "grants.error.action")
	}
	if !slices.Contains(t.roles, role) {
		return Agreement{}, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	reason = strings.TrimSpace(reason)
	if t.needsReason && reason == "" {
		return Agreement{}, apperr.Field("reason", "grants.error.reason")
	}
	if len([]rune(reason)) > 2000 {
		return Agreement{}, apperr.Field("reason", "grants.error.too_long")
	}
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		g, err := lockGrant(ctx, tx, id, sc)
		if err != nil {
			return err
		}
		to, ok := Next(g.Status, act, role)
		if !ok {
			return ErrTransition
		}
		payload := map[string]any{"from": g.Status, "to": to}
		if reason != "" {
			payload["reason"] = reason
		}
		if act == Sign {
			if err := s.sign(ctx, tx, g, payload); err != nil {
				return err
			}
		}
		res, err := db.Exec(ctx, tx, `UPDATE grants SET status = ?, status_reason = ?, updated_at = ? WHERE id = ? AND status = ?`,
			string(to), reason, s.Now(), id, string(g.Status))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrTransition
		}
		if err := audit.Write(ctx, tx, audit.Entry{Action: "grant." + string(act), Object: "grant", ObjectID: id, Payload: payload}); err != nil {
			return err
		}
		if act == Sign && s.OnSigned != nil {
			return s.OnSigned(ctx, tx, id)
		}
		return nil
	})
	if err != nil {
		return Agreement{}, err
	}
	return get(ctx, s.DB, id, everything)
}

// sign checks the conditions of a signature and records it: the account,
// the signing moment and the tranches that become due.
func (s *Store) sign(ctx context.Context, tx *sqlx.Tx, g Agreement, payload map[string]any) error {
	fe := apperr.FieldErrors{}
	if g.ScanStoredName == "" {
		fe.Add("scan", "grants.error.scan_missing")
	}
	if g.GranteeSignedOn == "" {
		fe.Add("grantee_signed_on", "grants.error.date_missing")
	}
	if g.OrgSignedOn == "" {
		fe.Add("org_signed_on", "grants.error.date_missing")
	}
	var bank struct {
		IBAN     string `db:"iban"`
		Verified bool   `db:"verified"`
	}
	err := db.Get(ctx, tx, &bank, `SELECT iban, verified_at IS NOT NULL AS verified FROM organisation_profiles WHERE org_id = ?`, g.OrgID)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return err
	}
	iban, ibanErr := NormalizeIBAN("iban", bank.IBAN)
	switch {
	case !bank.Verified:
		fe.Add("iban", "grants.error.iban_unverified")
	case ibanErr != nil:
		fe.Add("iban", apperr.As(ibanErr).Fields["iban"])
	}
	if err := fe.Err(); err != nil {
		return err
	}
	now := s.Now()
	if _, err := db.Exec(ctx, tx, `UPDATE grants SET iban = ?, signed_at = ? WHERE id = ?`, iban, now, g.ID); err != nil {
		return err
	}
	if _, err := db.Exec(ctx, tx, `UPDATE grant_tranches SET status = 'due' WHERE grant_id = ? AND requires = 'signature' AND status = 'planned'`, g.ID); err != nil {
		return fmt.Errorf("tranches due: %w", err)
	}
	payload["iban"] = iban
	payload["grantee_signed_on"], payload["org_signed_on"] = g.GranteeSignedOn, g.OrgSignedOn
	return nil
}

// The reasons CloseTx records when the final settlement closes a grant
// (pages translate them as grants.close_reason.<reason>).
const (
	ClosedNothingDue = "settled_nothing_due" // the settlement left nothing to pay or recover
	ClosedBalance    = "settled_balance_paid"
	ClosedRecovered  = "settled_recovered"
	ClosedWaived     = "settled_waived"
)

// CloseReasons lists them.
var CloseReasons = []string{ClosedNothingDue, ClosedBalance, ClosedRecovered, ClosedWaived}

// CloseTx closes a signed or active grant inside the caller's transaction
// (the final settlement), with its audit row; a grant already closed is
// left alone.
func CloseTx(ctx context.Context, tx *sqlx.Tx, id int64, reason string) error {
	var st Status
	if err := db.Get(ctx, tx, &st, `SELECT status FROM grants WHERE id = ?`, id); err != nil {
		return err
	}
	if st == Closed {
		return nil
	}
	if st != Signed && st != Active {
		return ErrTransition
	}
	if _, err := db.Exec(ctx, tx, `UPDATE grants SET status = 'closed', status_reason = ?, updated_at = ? WHERE id = ? AND status = ?`,
		reason, db.Now(), id, string(st)); err != nil {
		return err
	}
	return audit.Write(ctx, tx, audit.Entry{Action: "grant.close", Object: "grant", ObjectID: id, Payload: map[string]any{"from": st, "to": Closed, "reason": reason}})
}
