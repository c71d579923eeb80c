package application

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
)

// PointResult is a checklist point with what the officer recorded for one
// application (Result empty while not recorded) and what the portal
// suggests (nil for points it cannot judge).
type PointResult struct {
	Point
	Result     string      `db:"result" json:"result"`
	Reason     string      `db:"reason" json:"reason"`
	RecordedBy *int64      `db:"recorded_by" json:"recorded_by"`
	RecordedAt *time.Time  `db:"recorded_at" json:"recorded_at"`
	Suggested  *Suggestion `db:"-" json:"suggested"`
}

// Decision is an eligibility decision with the failed points and reasons as
// they were told to the applicant (labels kept in the three languages).
type Decision struct {
	Eligible      bool             `json:"eligible"`
	Reasons       []DecisionReason `json:"reasons"`
	DecidedBy     *int64           `json:"decided_by"`
	DecidedByName string           `json:"decided_by_name"`
	DecidedAt     time.Time        `json:"decided_at"`
}

// DecisionReason is one failed point of a decision.
type DecisionReason struct {
	Code    string `json:"code"`
	LabelSQ string `json:"label_sq"`
	LabelEN string `json:"label_en"`
	LabelSR string `json:"label_sr"`
	Reason  string `json:"reason"`
}

// Labels is the point's label in each language.
func (r DecisionReason) Labels() i18n.Text {
	return i18n.Text{SQ: r.LabelSQ, EN: r.LabelEN, SR: r.LabelSR}
}

// Label is the point's label in lang.
func (r DecisionReason) Label(lang string) string { return r.Labels().In(i18n.Lang(lang)).Text }

// Screening is the check of one application. Officers get every point with
// results and suggestions; the applicant organisation gets the decision
// only (Points nil), never the officer's work in progress.
type Screening struct {
	ApplicationID int64         `json:"application_id"`
	Status        Status        `json:"status"`
	Points        []PointResult `json:"points,omitempty"`
	Decision      *Decision     `json:"decision"`
}

// ownerOrAll refuses (NotFound) a scope that is neither an officer's nor
// the applicant organisation's: partners and donor officers read the
// application but not its check or its requests for information.
func ownerOrAll(sc access.Scope, a Application) error {
	if sc.All() || sc.CanWriteFor(a.OrgID) {
		return nil
	}
	return apperr.New(apperr.NotFound, "error.not_found")
}

// ReadsChecks reports whether sc reads a's screening and requests for
// information (staff and the applicant organisation), so that pages link
// them only for those who may open them.
func ReadsChecks(sc access.Scope, a Application) bool { return ownerOrAll(sc, a) == nil }

// Screening returns the check of an application within the scope (see
// Screening); NotFound beyond it.
func (s *Store) Screening(ctx context.Context, id int64, sc access.Scope) (Screening, error) {
	a, err := s.Get(ctx, id, sc)
	if err != nil {
		return Screening{}, err
	}
	if err := ownerOrAll(sc, a); err != nil {
		return Screening{}, err
	}
	out := Screening{ApplicationID: a.ID, Status: a.Status}
	if out.Decision, err = lastDecision(ctx, s.DB, a.ID); err != nil || !sc.All() {
		return out, err
	}
	out.Points, err = s.pointResults(ctx, a)
	return out, err
}

func (s *Store) pointResults(ctx context.Context, a Application) ([]PointResult, error) {
	ps, err := pointsOrDefaults(ctx, s.DB, a.CallID)
	if err != nil {
		return nil, err
	}
	var rows []PointResult
	if err := db.Select(ctx, s.DB, &rows, `SELECT p.code, r.result, r.reason, r.recorded_by, r.recorded_at
		FROM screening_results r JOIN screening_points p ON p.id = r.point_id WHERE r.application_id = ?`, a.ID); err != nil {
		return nil, fmt.Errorf("screening results: %w", err)
	}
	sugg := map[string]Suggestion{}
	if a.Status != Draft {
		c, lots, profile, err := s.rules(ctx, a.CallID)
		if err != nil {
			return nil, err
		}
		of, err := orgFacts(ctx, s.DB, a.OrgID)
		if err != nil {
			return nil, err
		}
		sugg = Suggest(a, c, lots, profile, of)
	}
	out := make([]PointResult, 0, len(ps))
	for _, p := range ps {
		pr := PointResult{Point: p}
		if i := slices.IndexFunc(rows, func(r PointResult) bool { return r.Code == p.Code }); i >= 0 {
			pr.Result, pr.Reason, pr.RecordedBy, pr.RecordedAt = rows[i].Result, rows[i].Reason, rows[i].RecordedBy, rows[i].RecordedAt
			if pr.RecordedAt != nil {
				t := pr.RecordedAt.UTC()
				pr.RecordedAt = &t
			}
		}
		if sg, ok := sugg[p.Code]; ok {
			pr.Suggested = &sg
		}
		out = append(out, pr)
	}
	return out, nil
}

func lastDecision(ctx context.Context, c db.Conn, appID int64) (*Decision, error) {
	var rows []struct {
		Eligible bool      `db:"eligible"`
		Reasons  string    `db:"reasons"`
		By       *int64    `db:"decided_by"`
		ByName   string    `db:"by_name"`
		At       time.Time `db:"decided_at"`
	}
	if err := db.Select(ctx, c, &rows, `SELECT d.eligible, d.reasons, d.decided_by, COALESCE(u.name, '') AS by_name, d.decided_at
		FROM screening_decisions d LEFT JOIN users u ON u.id = d.decided_by WHERE d.application_id = ?
		ORDER BY d.decided_at DESC, d.id DESC LIMIT 1`, appID); err != nil || len(rows) == 0 {
		return nil, err
	}
	r := rows[0]
	d := &Decision{Eligible: r.Eligible, DecidedBy: r.By, DecidedByName: r.ByName, DecidedAt: r.At.UTC(), Reasons: []DecisionReason{}}
	if err := json.Unmarshal([]byte(r.Reasons), &d.Reasons); err != nil {
		return nil, fmt.Errorf("decision reasons of application %d: %w", appID, err)
	}
	return d, nil
}

// PointInput is what an officer records for one point (by code). An empty
// result clears the point.
type PointInput struct {
	Code   string `json:"code"`
	Result string `json:"result"`
	Reason string `json:"reason"`
}

// ResultField and ReasonField name a point's fields in forms and errors.
func ResultField(code string) string { return "points[" + code + "].result" }

// ReasonField names the reason of a point (see ResultField).
func ReasonField(code string) string { return "points[" + code + "].reason" }

// RecordPoints stores an officer's results for the points of a submitted
// application (or one awaiting information). A failed point needs a
// reason; an unknown point or result is a field error. Nothing is stored
// unless everything is valid.
func (s *Store) RecordPoints(ctx context.Context, id int64, sc access.Scope, userID int64, in []PointInput) error {
	if !sc.All() {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	a, err := s.Get(ctx, id, sc)
	if err != nil {
		return err
	}
	if a.Status != Submitted && a.Status != InfoRequested {
		return apperr.New(apperr.Conflict, "screening.error.not_checkable")
	}
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		ps, err := ensurePoints(ctx, tx, a.CallID, s.Now())
		if err != nil {
			return err
		}
		ids, err := checkPointInputs(ps, in)
		if err != nil {
			return err
		}
		now := s.Now()
		for i, pi := range in {
			if _, err := db.Exec(ctx, tx, `DELETE FROM screening_results WHERE application_id = ? AND point_id = ?`, id, ids[i]); err != nil {
				return fmt.Errorf("clear result: %w", err)
			}
			if pi.Result == "" {
				continue
			}
			if _, err := db.Exec(ctx, tx, `INSERT INTO screening_results (application_id, point_id, result, reason, recorded_by,
				recorded_at) VALUES (?, ?, ?, ?, ?, ?)`, id, ids[i], pi.Result, strings.TrimSpace(pi.Reason), userID, now); err != nil {
				return fmt.Errorf("record result: %w", err)
			}
		}
		return nil
	})
}

// checkPointInputs validates the inputs and returns the point id of each.
func checkPointInputs(ps []Point, in []PointInput) ([]int64, error) {
	fe := apperr.FieldErrors{}
	ids := make([]int64, len(in))
	for i, pi := range in {
		j := slices.IndexFunc(ps, func(p Point) bool { return p.Code == pi.Code })
		if j < 0 {
			fe.Add("points", "screening.error.unknown_point")
			continue
		}
		ids[i] = ps[j].ID
		if pi.Result != "" && !slices.Contains(PointResults, pi.Result) {
			fe.Add(ResultField(pi.Code), "screening.error.result")
		}
		reason := strings.TrimSpace(pi.Reason)
		if pi.Result == Failed && reason == "" {
			fe.Add(ReasonField(pi.Code), "screening.error.reason_required")
		}
		text(fe, ReasonField(pi.Code), reason, MaxText)
	}
	return ids, fe.Err()
}
