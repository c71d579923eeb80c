package reporting

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/upload"
)

// Limits of the free-text fields.
const (
	maxText  = 8000
	maxShort = 300
)

func notFound() error { return apperr.New(apperr.NotFound, "error.not_found") }

// Narrative is what the grantee enters on the narrative and explanation
// parts of a report.
type Narrative struct {
	Difficulties  string
	Achieved      map[int]int64 // per indicator position
	Beneficiaries []Beneficiary // cells with a count above zero are kept
	Explanations  map[int]string
}

// grantee opens report id for the grantee inside tx: NotFound when the
// scope does not reach it, Forbidden when the scope does not act for its
// grantee, Conflict when it is no longer the grantee's to change.
func grantee(ctx context.Context, tx *sqlx.Tx, sc access.Scope, id int64) (Report, error) {
	r, err := get(ctx, tx, sc, id)
	if err != nil {
		return r, err
	}
	if !sc.ActsForGrantee(r.OrgID) {
		return r, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	if !r.Status.Editable() {
		return r, apperr.New(apperr.Conflict, "reporting.error.not_editable")
	}
	return r, nil
}

// CheckNarrative validates a narrative; the field names are those of the
// form (achieved_<n>, benef_<group>_<gender>_<age>_<0|1>, explain_<n>).
func CheckNarrative(n Narrative) error {
	fe := apperr.FieldErrors{}
	if len(n.Difficulties) > maxText {
		fe.Add("difficulties", "reporting.error.too_long")
	}
	for pos, v := range n.Achieved {
		if v < 0 {
			fe.Add("achieved_"+strconv.Itoa(pos), "reporting.error.count")
		}
	}
	for _, b := range n.Beneficiaries {
		if !org.IsTargetGroup(b.TargetGroup) || !slices.Contains(Genders, b.Gender) || !slices.Contains(AgeBands, b.AgeBand) {
			fe.Add("beneficiaries", "reporting.error.beneficiary")
		} else if b.Count < 0 {
			fe.Add(BeneficiaryField(b), "reporting.error.count")
		}
	}
	for pos, e := range n.Explanations {
		if len(e) > maxText {
			fe.Add("explain_"+strconv.Itoa(pos), "reporting.error.too_long")
		}
	}
	return fe.Err()
}

// BeneficiaryField is the form field of a beneficiaries cell.
func BeneficiaryField(b Beneficiary) string {
	d := "0"
	if b.Disability {
		d = "1"
	}
	return "benef_" + b.TargetGroup + "_" + b.Gender + "_" + b.AgeBand + "_" + d
}

// SaveNarrative saves the grantee's narrative and explanations of report
// id as a draft.
func (s *Store) SaveNarrative(ctx context.Context, sc access.Scope, id int64, n Narrative) error {
	if err := CheckNarrative(n); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		r, err := grantee(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		rows, _, err := indicators(ctx, tx, r)
		if err != nil {
			return err
		}
		if _, err := db.Exec(ctx, tx, `DELETE FROM report_indicators WHERE report_id = ?`, id); err != nil {
			return err
		}
		for _, in := range rows {
			if _, err := db.Exec(ctx, tx, `INSERT INTO report_indicators (report_id, position, result, indicator, target,
				programme_indicator_id, achieved) VALUES (?, ?, ?, ?, ?, ?, ?)`, id, in.Position, in.Result, in.Indicator,
				in.Target, in.ProgrammeIndicatorID, n.Achieved[in.Position]); err != nil {
				return fmt.Errorf("save indicator: %w", err)
			}
		}
		if _, err := db.Exec(ctx, tx, `DELETE FROM report_beneficiaries WHERE report_id = ?`, id); err != nil {
			return err
		}
		for _, b := range n.Beneficiaries {
			if b.Count == 0 {
				continue
			}
			if _, err := db.Exec(ctx, tx, `INSERT INTO report_beneficiaries (report_id, target_group, gender, age_band,
				disability, count) VALUES (?, ?, ?, ?, ?, ?)`, id, b.TargetGroup, b.Gender, b.AgeBand, b.Disability,
				b.Count); err != nil {
				return fmt.Errorf("save beneficiaries: %w", err)
			}
		}
		if _, err := db.Exec(ctx, tx, `DELETE FROM report_line_explanations WHERE report_id = ?`, id); err != nil {
			return err
		}
		for pos, e := range n.Explanations {
			if e = strings.TrimSpace(e); e == "" {
				continue
			}
			if _, err := db.Exec(ctx, tx, `INSERT INTO report_line_explanations (report_id, line_position, explanation)
				VALUES (?, ?, ?)`, id, pos, e); err != nil {
				return fmt.Errorf("save explanation: %w", err)
			}
		}
		if err := s.touch(ctx, tx, r, strings.TrimSpace(n.Difficulties)); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "grantee_report.save", Object: "grantee_report", ObjectID: id,
			Payload: map[string]any{"grant_id": r.GrantID, "achieved": n.Achieved, "beneficiaries": n.Beneficiaries,
				"explanations": len(n.Explanations)}})
	})
}

// touch makes a report a draft (keeping the officer's reason of a change
// request) and, when difficulties is not nil, sets them.
func (s *Store) touch(ctx context.Context, tx *sqlx.Tx, r Report, difficulties string) error {
	q := `UPDATE grantee_reports SET status = 'draft', updated_at = ?`
	args := []any{s.now()}
	if difficulties != keep {
		q += `, difficulties = ?`
		args = append(args, difficulties)
	}
	_, err := db.Exec(ctx, tx, q+` WHERE id = ?`, append(args, r.ID)...)
	return err
}

const keep = "\x00keep"

// NewExpenditure is one cost the grantee adds.
type NewExpenditure struct {
	LinePosition int
	SpentOn      string
	Supplier     string
	Description  string
	Amount       string // as typed, in major units (see ParseAmount); or
	AmountMinor  int64  // minor units (the API), used when Amount is ""
	DocumentRef  string
	File         *upload.File // the supporting document, already stored and checked
}

// ParseAmount reads an amount in major units with at most two decimals
// ("1234.50", "1234,5") into minor units; ok false on anything else.
func ParseAmount(s string) (int64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if s == "" || len(s) > 16 {
		return 0, false
	}
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || (dot && (frac == "" || len(frac) > 2)) {
		return 0, false
	}
	for _, ch := range whole + frac {
		if ch < '0' || ch > '9' {
			return 0, false
		}
	}
	for len(frac) < 2 {
		frac += "0"
	}
	v, err := strconv.ParseInt(whole+frac, 10, 64)
	return v, err == nil
}

// checkExpenditure validates e against report r's period and the budget.
func checkExpenditure(e NewExpenditure, r Report, bl []BudgetLine) (int64, BudgetLine, error) {
	fe := apperr.FieldErrors{}
	var line BudgetLine
	for _, b := range bl {
		if b.Position == e.LinePosition {
			line = b
		}
	}
	if line.Position == 0 {
		fe.Add("line", "reporting.error.line")
	}
	if d, err := time.Parse(dateLayout, strings.TrimSpace(e.SpentOn)); err != nil {
		fe.Add("spent_on", "reporting.error.date")
	} else if ds := d.Format(dateLayout); ds < r.PeriodStart || ds > r.PeriodEnd {
		fe.Add("spent_on", "reporting.error.date_period")
	}
	if s := strings.TrimSpace(e.Supplier); s == "" || len(s) > maxShort {
		fe.Add("supplier", "reporting.error.required")
	}
	if s := strings.TrimSpace(e.Description); s == "" || len(s) > maxShort {
		fe.Add("description", "reporting.error.required")
	}
	amount, ok := ParseAmount(e.Amount)
	if e.Amount == "" {
		amount, ok = e.AmountMinor, true
	}
	if !ok || amount <= 0 {
		fe.Add("amount", "reporting.error.amount")
	}
	if s := strings.TrimSpace(e.DocumentRef); s == "" || len(s) > maxShort {
		fe.Add("document_ref", "reporting.error.document_ref")
	}
	return amount, line, fe.Err()
}

// AddExpenditure adds a cost to report id's expenditure list and returns
// its id.
func (s *Store) AddExpenditure(ctx context.Context, sc access.Scope, id int64, e NewExpenditure, by int64) (int64, error) {
	var eid int64
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		r, err := grantee(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		bl, err := budget(ctx, tx, r.ApplicationID)
		if err != nil {
			return err
		}
		amount, line, err := checkExpenditure(e, r, bl)
		if err != nil {
			return err
		}
		var fname, ctype, sha string
		var stored *string
		var size int64
		if e.File != nil {
			fname, ctype, sha, size = e.File.DisplayName, e.File.ContentType, e.File.SHA256, e.File.Size
			stored = &e.File.StoredName
		}
		eid, err = db.InsertID(ctx, tx, `INSERT INTO expenditures (report_id, line_position, heading, spent_on, supplier,
			description, amount_minor, document_ref, file_name, stored_name, content_type, size_bytes, sha256,
			eligible, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			id, line.Position, line.Heading, strings.TrimSpace(e.SpentOn), strings.TrimSpace(e.Supplier),
			strings.TrimSpace(e.Description), amount, strings.TrimSpace(e.DocumentRef), fname, stored, ctype, size, sha,
			true, userRef(by), s.now())
		if err != nil {
			return fmt.Errorf("add expenditure: %w", err)
		}
		if err := s.touch(ctx, tx, r, keep); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "expenditure.add", Object: "expenditure", ObjectID: eid,
			Payload: map[string]any{"report_id": id, "grant_id": r.GrantID, "line": line.Position,
				"amount_minor": amount, "currency": r.Currency, "spent_on": e.SpentOn, "document_ref": e.DocumentRef,
				"sha256": sha}})
	})
	return eid, err
}

// RemoveExpenditure removes a cost from the expenditure list of report id.
func (s *Store) RemoveExpenditure(ctx context.Context, sc access.Scope, id, expID int64) error {
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		r, err := grantee(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		res, err := db.Exec(ctx, tx, `DELETE FROM expenditures WHERE id = ? AND report_id = ?`, expID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound()
		}
		if err := s.touch(ctx, tx, r, keep); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "expenditure.remove", Object: "expenditure", ObjectID: expID,
			Payload: map[string]any{"report_id": id, "grant_id": r.GrantID}})
	})
}

// Document returns the stored file of expenditure expID of report id
// (reached through the scope): its stored name, display name and type.
func (s *Store) Document(ctx context.Context, sc access.Scope, id, expID int64) (Expenditure, error) {
	if _, err := get(ctx, s.DB, sc, id); err != nil {
		return Expenditure{}, err
	}
	var e Expenditure
	err := db.Get(ctx, s.DB, &e, `SELECT id, report_id, line_position, heading, spent_on, supplier, description,
		amount_minor, document_ref, file_name, stored_name, content_type, size_bytes, sha256, eligible, ineligible_reason
		FROM expenditures WHERE id = ? AND report_id = ? AND stored_name IS NOT NULL`, expID, id)
	return e, err
}
