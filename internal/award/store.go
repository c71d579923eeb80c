package award

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
	"github.com/subgrant/portal/internal/review"
)

// Consolidator gives the consolidated evaluation of a call's stage
// (review.Store in production; tests may give their own).
type Consolidator interface {
	Consolidate(ctx context.Context, callID int64, stage string) (review.Grid, []review.Consolidated, error)
	ConsolidateApplication(ctx context.Context, appID int64) (review.Grid, review.Consolidated, error)
}

// Store ranks calls and keeps committee sessions and award decisions.
type Store struct {
	DB      *db.DB
	Now     func() time.Time
	Reviews Consolidator
	Cat     *i18n.Catalogue // letters' subject and body; nil sends none
	// Issuer is the letterhead and signatory of the letters mailed on
	// approval (the programme's intermediary); nil mails them without.
	Issuer func(ctx context.Context) (pdfdoc.Issuer, error)
}

// NewStore returns a store on d with the database clock.
func NewStore(d *db.DB, reviews Consolidator, cat *i18n.Catalogue) *Store {
	return &Store{DB: d, Now: db.Now, Reviews: reviews, Cat: cat}
}

// CallFacts are the call's and programme's limits a ranking needs.
type CallFacts struct {
	ID          int64  `db:"id"`
	ProgrammeID int64  `db:"programme_id"`
	Programme   string `db:"programme_title"` // the programme's name, on every document
	Reference   string `db:"reference"`
	TitleSQ     string `db:"title_sq"`
	TitleEN     string `db:"title_en"`
	TitleSR     string `db:"title_sr"`
	DonorOrgID  int64  `db:"donor_org_id"`
	TwoStage    bool   `db:"two_stage"`
	Currency    string `db:"currency"`
	MinGrant    int64  `db:"min_grant_minor"`
	MaxGrant    int64  `db:"max_grant_minor"`
	Cap         int64  `db:"third_party_cap_minor"`
}

// Titles is the call's title in each language.
func (c CallFacts) Titles() i18n.Text { return i18n.Text{SQ: c.TitleSQ, EN: c.TitleEN, SR: c.TitleSR} }

// Title is the call's title in lang (i18n.Fallback when missing, as on the
// call's own page).
func (c CallFacts) Title(lang string) string { return c.Titles().In(i18n.Lang(lang)).Text }

// AppFact is what a ranking shows of an application besides its scores.
type AppFact struct {
	ID          int64              `db:"id"`
	LotID       int64              `db:"lot_id"`
	OrgID       int64              `db:"org_id"`
	OrgName     string             `db:"org_name"`
	Reference   string             `db:"reference"`
	Title       string             `db:"title"`
	Status      application.Status `db:"status"`
	Requested   int64              `db:"requested_minor"`
	SubmittedAt *time.Time         `db:"submitted_at"`
}

// CallOf loads a call's facts when the scope reaches its ranking
// (access.Scope.Rankings; NotFound else).
func (s *Store) CallOf(ctx context.Context, callID int64, sc access.Scope) (CallFacts, error) {
	var c CallFacts
	cond, args := sc.Rankings("c")
	err := db.Get(ctx, s.DB, &c, `SELECT c.id, c.programme_id, p.title AS programme_title, c.reference, c.title_sq, c.title_en, c.title_sr,
		c.two_stage, c.min_grant_minor, c.max_grant_minor, p.currency, p.third_party_cap_minor, p.donor_org_id
		FROM calls c JOIN programmes p ON p.id = c.programme_id WHERE c.id = ? AND `+cond, append([]any{callID}, args...)...)
	return c, err
}

// lots lists a call's lots in their order.
func lots(ctx context.Context, c db.Conn, callID int64) ([]Lot, error) {
	ls := []Lot{}
	err := db.Select(ctx, c, &ls, `SELECT id, name, budget_minor FROM call_lots WHERE call_id = ? ORDER BY position, id`, callID)
	return ls, err
}

// appFacts loads the applications matching where (over applications a)
// that were found eligible (and so may be ranked or already decided).
func appFacts(ctx context.Context, c db.Conn, where string, args ...any) (map[int64]AppFact, error) {
	var rows []AppFact
	if err := db.Select(ctx, c, &rows, `SELECT a.id, a.lot_id, a.org_id, o.name AS org_name, COALESCE(a.reference, '') AS reference,
		a.title, a.status, a.requested_minor, a.submitted_at FROM applications a JOIN organisations o ON o.id = a.org_id
		WHERE `+where+` AND `+application.StatusInSQL("a.status", application.Ranked...), args...); err != nil {
		return nil, fmt.Errorf("applications to rank: %w", err)
	}
	out := make(map[int64]AppFact, len(rows))
	for _, r := range rows {
		out[r.ID] = r
	}
	return out, nil
}

// priorAwards sums, per organisation, the awards approved in the
// programme's other sessions: what the cap per third party counts.
func priorAwards(ctx context.Context, c db.Conn, programmeID, exceptSession int64) (map[int64]int64, error) {
	var rows []struct {
		Org int64 `db:"org_id"`
		Sum int64 `db:"total"`
	}
	if err := db.Select(ctx, c, &rows, `SELECT d.org_id, SUM(d.amount_minor) AS total FROM award_decisions d
		JOIN committee_sessions s ON s.id = d.session_id JOIN calls c ON c.id = s.call_id
		WHERE c.programme_id = ? AND s.status = 'approved' AND s.id <> ? AND d.decision = 'award'
		GROUP BY d.org_id`, programmeID, exceptSession); err != nil {
		return nil, fmt.Errorf("prior awards: %w", err)
	}
	out := make(map[int64]int64, len(rows))
	for _, r := range rows {
		out[r.Org] = r.Sum
	}
	return out, nil
}

// CheckStage accepts the two stages; anything else is a field error.
func CheckStage(stage string) error {
	if stage != "concept" && stage != "full" {
		return apperr.Field("stage", "award.error.stage")
	}
	return nil
}
