package reporting

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
)

const dateLayout = "2006-01-02"

// addMonths is d plus n months, the day clamped to the last of the target
// month (31 January + 1 month is 28 or 29 February, not 3 March).
func addMonths(d time.Time, n int) time.Time {
	first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	day := d.Day()
	if day > last {
		day = last
	}
	return time.Date(first.Year(), first.Month(), day, 0, 0, 0, 0, time.UTC)
}

// Period is one report of a calendar.
type Period struct {
	Kind  Kind
	Start string
	End   string
	Due   string
}

// Calendar is the reports a grant from start to end (YYYY-MM-DD, inclusive)
// owes under profile p: an interim report for each full 12-month period
// that ends before the grant does, due interim_due_days after the period's
// end, and the final report for the rest of the grant (the whole grant when
// it lasts 12 months or less), due final_due_months after the end date.
func Calendar(start, end string, p *donor.Profile) ([]Period, error) {
	s, err := time.Parse(dateLayout, start)
	if err != nil {
		return nil, fmt.Errorf("grant start %q: %w", start, err)
	}
	e, err := time.Parse(dateLayout, end)
	if err != nil {
		return nil, fmt.Errorf("grant end %q: %w", end, err)
	}
	if e.Before(s) {
		return nil, fmt.Errorf("grant ends %s before it starts %s", end, start)
	}
	var out []Period
	from := s
	for i := 1; ; i++ {
		pe := addMonths(s, 12*i).AddDate(0, 0, -1)
		if !pe.Before(e) {
			break
		}
		out = append(out, Period{Kind: Interim, Start: from.Format(dateLayout), End: pe.Format(dateLayout),
			Due: pe.AddDate(0, 0, p.Reporting.InterimDueDays).Format(dateLayout)})
		from = pe.AddDate(0, 0, 1)
	}
	out = append(out, Period{Kind: Final, Start: from.Format(dateLayout), End: end,
		Due: addMonths(e, p.Reporting.FinalDueMonths).Format(dateLayout)})
	return out, nil
}

// grantFacts is what the reporting rules read of a grant.
type grantFacts struct {
	ID            int64  `db:"id"`
	OrgID         int64  `db:"org_id"`
	ProgrammeID   int64  `db:"programme_id"`
	ApplicationID int64  `db:"application_id"`
	Currency      string `db:"currency"`
	AmountMinor   int64  `db:"amount_minor"`
	PaidMinor     int64  `db:"paid_minor"`
	DonorShareBP  int64  `db:"donor_share_bp"`
	StartsOn      string `db:"starts_on"`
	EndsOn        string `db:"ends_on"`
	Profile       string `db:"donor_profile"`
}

func (s *Store) profile(code string) (*donor.Profile, error) {
	p, ok := s.Profiles[code]
	if !ok {
		return nil, fmt.Errorf("donor profile %q not loaded", code)
	}
	return p, nil
}

func loadGrant(ctx context.Context, c db.Conn, grantID int64, lock bool) (grantFacts, error) {
	var g grantFacts
	q := `SELECT g.id, g.org_id, g.programme_id, g.application_id, g.currency, g.amount_minor, g.paid_minor,
		g.donor_share_bp, g.starts_on, g.ends_on, p.donor_profile
		FROM grants g JOIN programmes p ON p.id = g.programme_id WHERE g.id = ?`
	if lock && c.DriverName() == "postgres" {
		q += ` FOR UPDATE OF g`
	}
	err := db.Get(ctx, c, &g, q, grantID)
	return g, err
}

// CreateCalendar creates, inside tx, the due reports of grant grantID (see
// Calendar), with an audit row each. It is called from the transaction that
// signs the agreement; a grant that already has reports is left as it is,
// so calling it twice creates nothing more.
func (s *Store) CreateCalendar(ctx context.Context, tx *sqlx.Tx, grantID int64) error {
	g, err := loadGrant(ctx, tx, grantID, true)
	if err != nil {
		return err
	}
	var n int
	if err := db.Get(ctx, tx, &n, `SELECT COUNT(*) FROM grantee_reports WHERE grant_id = ?`, grantID); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	p, err := s.profile(g.Profile)
	if err != nil {
		return err
	}
	periods, err := Calendar(g.StartsOn, g.EndsOn, p)
	if err != nil {
		return apperr.Wrap(apperr.Invalid, "reporting.error.calendar", err)
	}
	now := s.now()
	for i, pr := range periods {
		id, err := db.InsertID(ctx, tx, `INSERT INTO grantee_reports (grant_id, kind, position, period_start, period_end,
			due_on, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'due', ?, ?) RETURNING id`,
			grantID, pr.Kind, i+1, pr.Start, pr.End, pr.Due, now, now)
		if err != nil {
			return fmt.Errorf("create report: %w", err)
		}
		if err := audit.Write(ctx, tx, audit.Entry{Action: "grantee_report.create", Object: "grantee_report", ObjectID: id,
			Payload: map[string]any{"grant_id": grantID, "kind": pr.Kind, "period_start": pr.Start,
				"period_end": pr.End, "due_on": pr.Due}}); err != nil {
			return err
		}
	}
	return nil
}
