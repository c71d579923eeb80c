package grant

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/money"
)

// MaxConditions is the longest special conditions text, in characters.
const MaxConditions = 20000

// CheckLines checks a budget against the grant and the donor profile: a
// known heading and a description on every line, the donor part within
// the line's total, the donor parts adding up to the grant amount, and
// indirect costs and contingency within the profile's percentages of the
// direct costs. Errors are on budget[i].field or on budget.
func CheckLines(ls []Line, amount int64, p *donor.Profile) error {
	fe := apperr.FieldErrors{}
	if len(ls) == 0 {
		fe.Add("budget", "grants.error.budget_empty")
		return fe.Err()
	}
	var direct, indirect, contingency, donorSum int64
	for i, l := range ls {
		f := fmt.Sprintf("budget[%d].", i)
		h, ok := p.Heading(l.Heading)
		if !ok {
			fe.Add(f+"heading", "grants.error.heading")
		}
		if strings.TrimSpace(l.Description) == "" {
			fe.Add(f+"description", "grants.error.required")
		}
		if l.TotalMinor < 0 || l.DonorMinor < 0 || l.DonorMinor > l.TotalMinor {
			fe.Add(f+"donor", "grants.error.donor_above_total")
		}
		switch h.Kind {
		case donor.Indirect:
			indirect += l.TotalMinor
		case donor.Contingency:
			contingency += l.TotalMinor
		default:
			direct += l.TotalMinor
		}
		donorSum += l.DonorMinor
	}
	if donorSum != amount {
		fe.Add("budget", "grants.error.budget_sum")
	}
	if c, _ := money.PercentOf(direct, p.IndirectMaxBP); indirect > c {
		fe.Add("budget", "grants.error.indirect")
	}
	if c, _ := money.PercentOf(direct, p.ContingencyMaxBP); contingency > c {
		fe.Add("budget", "grants.error.contingency")
	}
	return fe.Err()
}

// DraftEdit is what the officer corrects on a draft agreement.
type DraftEdit struct {
	SpecialConditions string
	Lines             []Line // nil leaves the budget as it is
}

// UpdateDraft saves the special conditions and the corrected budget of a
// draft (checked with CheckLines), with an audit row.
func (s *Store) UpdateDraft(ctx context.Context, id int64, sc access.Scope, d DraftEdit) (Agreement, error) {
	if len([]rune(d.SpecialConditions)) > MaxConditions {
		return Agreement{}, apperr.Field("special_conditions", "grants.error.too_long")
	}
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		g, err := lockGrant(ctx, tx, id, sc)
		if err != nil {
			return err
		}
		if g.Status != Draft {
			return errNotDraft
		}
		payload := map[string]any{"special_conditions": d.SpecialConditions}
		if d.Lines != nil {
			p, err := s.profile(g.DonorProfile)
			if err != nil {
				return err
			}
			if err := CheckLines(d.Lines, g.AmountMinor, p); err != nil {
				return err
			}
			before, err := lines(ctx, tx, id, sc)
			if err != nil {
				return err
			}
			if _, err := db.Exec(ctx, tx, `DELETE FROM grant_budget_lines WHERE grant_id = ?`, id); err != nil {
				return err
			}
			if err := insertLines(ctx, tx, id, d.Lines); err != nil {
				return err
			}
			payload["budget_before"], payload["budget_after"] = lineFacts(before), lineFacts(d.Lines)
		}
		if _, err := db.Exec(ctx, tx, `UPDATE grants SET special_conditions = ?, updated_at = ? WHERE id = ?`,
			d.SpecialConditions, s.Now(), id); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "grant.edit", Object: "grant", ObjectID: id, Payload: payload})
	})
	if err != nil {
		return Agreement{}, err
	}
	return get(ctx, s.DB, id, everything)
}

func lineFacts(ls []Line) []map[string]any {
	out := make([]map[string]any, len(ls))
	for i, l := range ls {
		out[i] = map[string]any{"heading": l.Heading, "description": l.Description, "total_minor": l.TotalMinor, "donor_minor": l.DonorMinor}
	}
	return out
}

// ParseDay checks a YYYY-MM-DD date on field.
func ParseDay(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if _, err := time.Parse(day, s); err != nil {
		return s, apperr.Field(field, "grants.error.date")
	}
	return s, nil
}

// Signing is the signed scan (an upload's stored and display names, empty
// to keep the one already uploaded) and the two signature dates.
type Signing struct {
	ScanStoredName, ScanDisplayName string
	GranteeSignedOn, OrgSignedOn    string
}

// RecordSigning saves the signed scan and the signature dates of a draft,
// with an audit row. It returns the previous scan's stored name when a new
// scan replaced it (for the caller to remove the file).
func (s *Store) RecordSigning(ctx context.Context, id int64, sc access.Scope, in Signing) (string, error) {
	fe := apperr.FieldErrors{}
	var err error
	if in.GranteeSignedOn != "" {
		if in.GranteeSignedOn, err = ParseDay("grantee_signed_on", in.GranteeSignedOn); err != nil {
			fe.Add("grantee_signed_on", "grants.error.date")
		}
	}
	if in.OrgSignedOn != "" {
		if in.OrgSignedOn, err = ParseDay("org_signed_on", in.OrgSignedOn); err != nil {
			fe.Add("org_signed_on", "grants.error.date")
		}
	}
	today := s.Now().Format(day)
	for f, v := range map[string]string{"grantee_signed_on": in.GranteeSignedOn, "org_signed_on": in.OrgSignedOn} {
		if _, bad := fe[f]; v != "" && v > today && !bad {
			fe.Add(f, "grants.error.date_future")
		}
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	var old string
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		g, err := lockGrant(ctx, tx, id, sc)
		if err != nil {
			return err
		}
		if g.Status != Draft {
			return errNotDraft
		}
		stored, display := g.ScanStoredName, g.ScanDisplayName
		if in.ScanStoredName != "" {
			if stored != "" {
				old = stored
			}
			stored, display = in.ScanStoredName, in.ScanDisplayName
		}
		if _, err := db.Exec(ctx, tx, `UPDATE grants SET scan_stored_name = ?, scan_display_name = ?, grantee_signed_on = ?,
			org_signed_on = ?, updated_at = ? WHERE id = ?`, stored, display, in.GranteeSignedOn, in.OrgSignedOn, s.Now(), id); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "grant.signing", Object: "grant", ObjectID: id, Payload: map[string]any{
			"scan": display, "grantee_signed_on": in.GranteeSignedOn, "org_signed_on": in.OrgSignedOn}})
	})
	return old, err
}
