package application

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
)

// Results of a checklist point.
const (
	Passed        = "passed"
	Failed        = "failed"
	NotApplicable = "not_applicable"
)

// PointResults lists the results an officer may record, in form order.
var PointResults = []string{Passed, Failed, NotApplicable}

// DefaultPoints are the codes of the administrative and eligibility points
// every call's checklist starts with; each has the catalogue key
// "screening.point." + code. Officers add points of their own ("custom-N").
var DefaultPoints = []string{"on_time", "documents", "organisation", "municipality", "amount", "duration", "shares", "declaration"}

// Point is one point of a call's checklist. Default points have no labels
// (the catalogue names them); added points carry their own.
type Point struct {
	ID       int64  `db:"id" json:"id"`
	CallID   int64  `db:"call_id" json:"call_id"`
	Position int    `db:"position" json:"position"`
	Code     string `db:"code" json:"code"`
	LabelSQ  string `db:"label_sq" json:"label_sq"`
	LabelEN  string `db:"label_en" json:"label_en"`
	LabelSR  string `db:"label_sr" json:"label_sr"`
}

// Custom reports whether the point was added by an officer.
func (p Point) Custom() bool { return strings.HasPrefix(p.Code, "custom-") }

// Labels is an added point's label in each language; empty for default
// points (their labels are catalogue keys).
func (p Point) Labels() i18n.Text { return i18n.Text{SQ: p.LabelSQ, EN: p.LabelEN, SR: p.LabelSR} }

// Label is an added point's label in lang (i18n.Fallback when missing);
// empty for default points.
func (p Point) Label(lang string) string { return p.Labels().In(i18n.Lang(lang)).Text }

// Points returns a call's checklist: the default points (not yet stored,
// id 0) until the first check of the call is recorded, so reading never
// writes.
func (s *Store) Points(ctx context.Context, callID int64) ([]Point, error) {
	return pointsOrDefaults(ctx, s.DB, callID)
}

func pointsOrDefaults(ctx context.Context, c db.Conn, callID int64) ([]Point, error) {
	ps, err := listPoints(ctx, c, callID)
	if err != nil || len(ps) > 0 {
		return ps, err
	}
	for i, code := range DefaultPoints {
		ps = append(ps, Point{CallID: callID, Position: i, Code: code})
	}
	return ps, nil
}

// ensurePoints seeds the call's checklist with the defaults the first time
// a check of the call is recorded.
func ensurePoints(ctx context.Context, tx *sqlx.Tx, callID int64, now time.Time) ([]Point, error) {
	ps, err := listPoints(ctx, tx, callID)
	if err != nil || len(ps) > 0 {
		return ps, err
	}
	for i, code := range DefaultPoints {
		if _, err := db.Exec(ctx, tx, `INSERT INTO screening_points (call_id, position, code, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (call_id, code) DO NOTHING`, callID, i, code, now); err != nil {
			return nil, fmt.Errorf("seed checklist: %w", err)
		}
	}
	return listPoints(ctx, tx, callID)
}

func listPoints(ctx context.Context, c db.Conn, callID int64) ([]Point, error) {
	ps := []Point{}
	err := db.Select(ctx, c, &ps, `SELECT id, call_id, position, code, label_sq, label_en, label_sr FROM screening_points
		WHERE call_id = ? ORDER BY position, id`, callID)
	return ps, err
}

// NewPoint is a point an officer adds to a call's checklist. Albanian and
// English labels are required; Serbian falls back to English.
type NewPoint struct {
	LabelSQ, LabelEN, LabelSR string
}

// MaxPointLabel bounds a point's label.
const MaxPointLabel = 300

// AddPoint adds a point at the end of a call's checklist.
func (s *Store) AddPoint(ctx context.Context, callID, userID int64, np NewPoint) (Point, error) {
	np = NewPoint{strings.TrimSpace(np.LabelSQ), strings.TrimSpace(np.LabelEN), strings.TrimSpace(np.LabelSR)}
	fe := apperr.FieldErrors{}
	for field, v := range map[string]string{"label_sq": np.LabelSQ, "label_en": np.LabelEN, "label_sr": np.LabelSR} {
		if v == "" && field != "label_sr" {
			fe.Add(field, "screening.error.required")
		}
		text(fe, field, v, MaxPointLabel)
	}
	if err := fe.Err(); err != nil {
		return Point{}, err
	}
	var p Point
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		ps, err := ensurePoints(ctx, tx, callID, s.Now())
		if err != nil {
			return err
		}
		code := "custom-" + strconv.Itoa(len(ps)+1)
		id, err := db.InsertID(ctx, tx, `INSERT INTO screening_points (call_id, position, code, label_sq, label_en, label_sr,
			created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			callID, len(ps), code, np.LabelSQ, np.LabelEN, np.LabelSR, userID, s.Now())
		if db.IsUnique(err) {
			return apperr.New(apperr.Conflict, "screening.error.concurrent")
		}
		p = Point{ID: id, CallID: callID, Position: len(ps), Code: code, LabelSQ: np.LabelSQ, LabelEN: np.LabelEN, LabelSR: np.LabelSR}
		return err
	})
	return p, err
}
