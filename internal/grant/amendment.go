package grant

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/money"
)

// AmendmentKind is what an amendment changes.
type AmendmentKind string

// The kinds of amendment.
const (
	PeriodChange AmendmentKind = "period"
	Reallocation AmendmentKind = "reallocation"
	BankAccount  AmendmentKind = "bank_account"
)

// AmendmentStatus is where an amendment stands: requested, then approved
// or rejected by a second user; recorded is a reallocation within the
// donor's free limit, applied at once without approval.
type AmendmentStatus string

// The states of an amendment.
const (
	AmendRequested AmendmentStatus = "requested"
	AmendApproved  AmendmentStatus = "approved"
	AmendRejected  AmendmentStatus = "rejected"
	AmendRecorded  AmendmentStatus = "recorded"
)

// Amendment is one stored amendment; Before and After are JSON.
type Amendment struct {
	ID           int64           `db:"id"`
	GrantID      int64           `db:"grant_id"`
	Kind         AmendmentKind   `db:"kind"`
	Status       AmendmentStatus `db:"status"`
	Version      *int            `db:"version"`
	Before       string          `db:"before_value"`
	After        string          `db:"after_value"`
	Reason       string          `db:"reason"`
	DecisionNote string          `db:"decision_note"`
	RequestedBy  *int64          `db:"requested_by"`
	RequestedAt  time.Time       `db:"requested_at"`
	DecidedBy    *int64          `db:"decided_by"`
	DecidedAt    *time.Time      `db:"decided_at"`
	Contract     string          `db:"contract_number"`
}

// Change is the content of an amendment: the new end date, a move of
// AmountMinor from budget line FromLine to ToLine (positions), or the new
// account.
type Change struct {
	EndsOn      string `json:"ends_on,omitempty"`
	FromLine    int    `json:"from_line,omitempty"`
	ToLine      int    `json:"to_line,omitempty"`
	AmountMinor int64  `json:"amount_minor,omitempty"`
	IBAN        string `json:"iban,omitempty"`
	BankName    string `json:"bank_name,omitempty"`
}

// Requester is who asks for an amendment: its user and role, and whether
// it acts as the grantee (only a bank account change may come from the
// grantee; officers request every kind).
type Requester struct {
	UserID  int64
	Role    string
	Grantee bool
}

func (r Requester) officer() bool { return r.Role == "admin" || r.Role == "program_officer" }

const amendCols = `m.id, m.grant_id, m.kind, m.status, m.version, m.before_value, m.after_value, m.reason, m.decision_note,
	m.requested_by, m.requested_at, m.decided_by, m.decided_at, g.contract_number`

// Amendments lists a grant's amendments, newest first, when the scope
// reaches the grant.
func (s *Store) Amendments(ctx context.Context, grantID int64, sc access.Scope) ([]Amendment, error) {
	out := []Amendment{}
	cond, args := sc.Grants("g")
	err := db.Select(ctx, s.DB, &out, `SELECT `+amendCols+` FROM grant_amendments m JOIN grants g ON g.id = m.grant_id
		WHERE m.grant_id = ? AND `+cond+` ORDER BY m.id DESC`, append([]any{grantID}, args...)...)
	return out, err
}

// Waiting lists the amendments waiting for approval the scope reaches,
// oldest first.
func (s *Store) Waiting(ctx context.Context, sc access.Scope) ([]Amendment, error) {
	out := []Amendment{}
	cond, args := sc.Grants("g")
	err := db.Select(ctx, s.DB, &out, `SELECT `+amendCols+` FROM grant_amendments m JOIN grants g ON g.id = m.grant_id
		WHERE m.status = 'requested' AND `+cond+` ORDER BY m.requested_at, m.id`, args...)
	return out, err
}

// Amendment returns one amendment the scope reaches through its grant.
func (s *Store) Amendment(ctx context.Context, id int64, sc access.Scope) (Amendment, error) {
	var m Amendment
	cond, args := sc.Grants("g")
	err := db.Get(ctx, s.DB, &m, `SELECT `+amendCols+` FROM grant_amendments m JOIN grants g ON g.id = m.grant_id
		WHERE m.id = ? AND `+cond, append([]any{id}, args...)...)
	return m, err
}

// RequestAmendment records an amendment of grant id. A bank account or
// period change, and a reallocation between headings beyond the profile's
// free limit (free_reallocation_bp of the heading it leaves), wait for a
// second user's approval; a reallocation within the limit, or within one
// heading, is applied and recorded at once. The grant must be signed,
// active or suspended.
func (s *Store) RequestAmendment(ctx context.Context, id int64, sc access.Scope, kind AmendmentKind, c Change, reason string, by Requester) (Amendment, error) {
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > 2000 {
		return Amendment{}, apperr.Field("reason", "grants.error.too_long")
	}
	switch {
	case kind == BankAccount && (by.officer() || by.Grantee):
	case (kind == PeriodChange || kind == Reallocation) && by.officer():
	case kind != BankAccount && kind != PeriodChange && kind != Reallocation:
		return Amendment{}, apperr.Field("kind", "grants.error.kind")
	default:
		return Amendment{}, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var mid int64
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		g, err := lockGrant(ctx, tx, id, sc)
		if err != nil {
			return err
		}
		if g.Status != Signed && g.Status != Active && g.Status != Suspended {
			return apperr.New(apperr.Conflict, "grants.error.amend_state")
		}
		ls, err := lines(ctx, tx, id, sc)
		if err != nil {
			return err
		}
		before, after, free, err := s.checkChange(g, ls, kind, &c)
		if err != nil {
			return err
		}
		status := AmendRequested
		if free {
			status = AmendRecorded
		}
		bj, _ := json.Marshal(before)
		aj, _ := json.Marshal(after)
		mid, err = db.InsertID(ctx, tx, `INSERT INTO grant_amendments (grant_id, kind, status, before_value, after_value, reason,
			requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			id, string(kind), string(status), string(bj), string(aj), reason, nullID(by.UserID), s.Now())
		if err != nil {
			return err
		}
		if free {
			if err := s.applyChange(ctx, tx, g, kind, c); err != nil {
				return err
			}
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "grant_amendment." + string(status), Object: "grant_amendment", ObjectID: mid,
			Payload: map[string]any{"grant_id": id, "kind": kind, "before": before, "after": after, "reason": reason}})
	})
	if err != nil {
		return Amendment{}, err
	}
	return s.Amendment(ctx, mid, everything)
}

// checkChange validates c for kind against the grant and returns the
// before and after values and whether no approval is needed.
func (s *Store) checkChange(g Agreement, ls []Line, kind AmendmentKind, c *Change) (before, after Change, free bool, err error) {
	switch kind {
	case PeriodChange:
		end, err := ParseDay("ends_on", c.EndsOn)
		if err != nil {
			return before, after, false, err
		}
		if end <= g.StartsOn || end == g.EndsOn {
			return before, after, false, apperr.Field("ends_on", "grants.error.ends_on")
		}
		c.EndsOn = end
		return Change{EndsOn: g.EndsOn}, Change{EndsOn: end}, false, nil
	case BankAccount:
		iban, err := NormalizeIBAN("iban", c.IBAN)
		if err != nil {
			return before, after, false, err
		}
		if iban == g.IBAN {
			return before, after, false, apperr.Field("iban", "grants.error.iban_same")
		}
		c.IBAN, c.BankName = iban, strings.TrimSpace(c.BankName)
		if len([]rune(c.BankName)) > 200 {
			return before, after, false, apperr.Field("bank_name", "grants.error.too_long")
		}
		return Change{IBAN: g.IBAN, BankName: g.BankName}, Change{IBAN: iban, BankName: c.BankName}, false, nil
	}
	// reallocation
	fe := apperr.FieldErrors{}
	from, to := lineAt(ls, c.FromLine), lineAt(ls, c.ToLine)
	if from == nil {
		fe.Add("from_line", "grants.error.line")
	}
	if to == nil || c.ToLine == c.FromLine {
		fe.Add("to_line", "grants.error.line")
	}
	if c.AmountMinor <= 0 {
		fe.Add("amount", "grants.error.amount_positive")
	} else if from != nil && c.AmountMinor > from.DonorMinor {
		fe.Add("amount", "grants.error.amount_above_line")
	}
	if err := fe.Err(); err != nil {
		return before, after, false, err
	}
	p, err := s.profile(g.DonorProfile)
	if err != nil {
		return before, after, false, err
	}
	moved := make([]Line, len(ls))
	copy(moved, ls)
	for i := range moved {
		switch moved[i].Position {
		case c.FromLine:
			moved[i].TotalMinor -= c.AmountMinor
			moved[i].DonorMinor -= c.AmountMinor
		case c.ToLine:
			moved[i].TotalMinor += c.AmountMinor
			moved[i].DonorMinor += c.AmountMinor
		}
	}
	if err := CheckLines(moved, g.AmountMinor, p); err != nil {
		return before, after, false, err
	}
	free = from.Heading == to.Heading
	if !free {
		var heading int64
		for _, l := range ls {
			if l.Heading == from.Heading {
				heading += l.TotalMinor
			}
		}
		limit, _ := money.PercentOf(heading, p.FreeReallocationBP)
		free = c.AmountMinor <= limit
	}
	before = Change{FromLine: c.FromLine, ToLine: c.ToLine, AmountMinor: from.DonorMinor}
	after = Change{FromLine: c.FromLine, ToLine: c.ToLine, AmountMinor: from.DonorMinor - c.AmountMinor}
	return before, after, free, nil
}

func lineAt(ls []Line, pos int) *Line {
	for i := range ls {
		if ls[i].Position == pos {
			return &ls[i]
		}
	}
	return nil
}

// applyChange writes an amendment's change to the grant.
func (s *Store) applyChange(ctx context.Context, tx *sqlx.Tx, g Agreement, kind AmendmentKind, c Change) error {
	switch kind {
	case PeriodChange:
		if _, err := db.Exec(ctx, tx, `UPDATE grants SET ends_on = ? WHERE id = ?`, c.EndsOn, g.ID); err != nil {
			return err
		}
		// the balance follows the end: due final_due_months after it, as at creation
		p, err := s.profile(g.DonorProfile)
		if err != nil {
			return err
		}
		end, _ := time.Parse(day, c.EndsOn)
		due := end.AddDate(0, 0, 1).AddDate(0, p.Reporting.FinalDueMonths, -1).Format(day)
		var bal []Tranche
		if err := db.Select(ctx, tx, &bal, `SELECT id, grant_id, position, kind, amount_minor, due_on, requires, status
			FROM grant_tranches WHERE grant_id = ? AND kind = 'balance'`, g.ID); err != nil {
			return err
		}
		for _, t := range bal {
			if _, err := db.Exec(ctx, tx, `UPDATE grant_tranches SET due_on = ? WHERE id = ?`, due, t.ID); err != nil {
				return err
			}
		}
	case BankAccount:
		_, err := db.Exec(ctx, tx, `UPDATE grants SET iban = ?, bank_name = ? WHERE id = ?`, c.IBAN, c.BankName, g.ID)
		return err
	case Reallocation:
		for _, mv := range []struct {
			pos  int
			sign int64
		}{{c.FromLine, -1}, {c.ToLine, 1}} {
			if _, err := db.Exec(ctx, tx, `UPDATE grant_budget_lines SET total_minor = total_minor + ?, donor_minor = donor_minor + ?
				WHERE grant_id = ? AND position = ?`, mv.sign*c.AmountMinor, mv.sign*c.AmountMinor, g.ID, mv.pos); err != nil {
				return err
			}
		}
	}
	return nil
}

// ErrSameUser is the refusal of a decision by the amendment's requester.
var ErrSameUser = apperr.New(apperr.Forbidden, "grants.error.four_eyes")

// DecideAmendment approves or rejects a requested amendment. Only an
// officer decides, never the user who requested it; approval applies the
// change and raises the grant's version, atomically with the audit row.
func (s *Store) DecideAmendment(ctx context.Context, id int64, sc access.Scope, approve bool, note string, by Requester) (Amendment, error) {
	if !by.officer() {
		return Amendment{}, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	note = strings.TrimSpace(note)
	if !approve && note == "" {
		return Amendment{}, apperr.Field("note", "grants.error.reason")
	}
	if len([]rune(note)) > 2000 {
		return Amendment{}, apperr.Field("note", "grants.error.too_long")
	}
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		m, err := s.amendmentTx(ctx, tx, id, sc)
		if err != nil {
			return err
		}
		g, err := lockGrant(ctx, tx, m.GrantID, sc)
		if err != nil {
			return err
		}
		if m.Status != AmendRequested {
			return apperr.New(apperr.Conflict, "grants.error.decided")
		}
		if m.RequestedBy != nil && *m.RequestedBy == by.UserID {
			return ErrSameUser
		}
		status, version := AmendRejected, any(nil)
		if approve {
			var c Change
			if err := json.Unmarshal([]byte(m.After), &c); err != nil {
				return err
			}
			if m.Kind == Reallocation {
				var raw Change
				_ = json.Unmarshal([]byte(m.Before), &raw)
				c.AmountMinor = raw.AmountMinor - c.AmountMinor
				// the budget may have moved since the request: check the move again
				ls, err := lines(ctx, tx, g.ID, sc)
				if err != nil {
					return err
				}
				if _, _, _, err := s.checkChange(g, ls, Reallocation, &c); err != nil {
					return apperr.Wrap(apperr.Conflict, "grants.error.stale", err)
				}
			}
			if err := s.applyChange(ctx, tx, g, m.Kind, c); err != nil {
				return err
			}
			if _, err := db.Exec(ctx, tx, `UPDATE grants SET version = version + 1, updated_at = ? WHERE id = ?`, s.Now(), g.ID); err != nil {
				return err
			}
			status, version = AmendApproved, g.Version+1
		}
		res, err := db.Exec(ctx, tx, `UPDATE grant_amendments SET status = ?, version = ?, decision_note = ?, decided_by = ?, decided_at = ?
			WHERE id = ? AND status = 'requested'`, string(status), version, note, nullID(by.UserID), s.Now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "grants.error.decided")
		}
		if err := audit.Write(ctx, tx, audit.Entry{Action: "grant_amendment." + string(status), Object: "grant_amendment", ObjectID: id,
			Payload: map[string]any{"grant_id": g.ID, "kind": m.Kind, "before": json.RawMessage(m.Before), "after": json.RawMessage(m.After),
				"version": version, "note": note}}); err != nil {
			return err
		}
		return s.tellAmendmentDecided(ctx, tx, m, status, note)
	})
	if err != nil {
		return Amendment{}, err
	}
	return s.Amendment(ctx, id, everything)
}

func (s *Store) amendmentTx(ctx context.Context, tx *sqlx.Tx, id int64, sc access.Scope) (Amendment, error) {
	var m Amendment
	cond, args := sc.Grants("g")
	err := db.Get(ctx, tx, &m, `SELECT `+amendCols+` FROM grant_amendments m JOIN grants g ON g.id = m.grant_id
		WHERE m.id = ? AND `+cond, append([]any{id}, args...)...)
	return m, err
}
