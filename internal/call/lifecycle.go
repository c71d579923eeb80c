package call

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// complete lists, as field errors, what a call lacks before it may be
// published: texts in Albanian and English, grant limits, duration,
// opening before closing, at least one lot.
func complete(in Input) error {
	fe := apperr.FieldErrors{}
	for field, v := range map[string]string{"title_sq": in.TitleSQ, "title_en": in.TitleEN,
		"description_sq": in.DescriptionSQ, "description_en": in.DescriptionEN} {
		if v == "" {
			fe.Add(field, "calls.error.required_to_publish")
		}
	}
	if in.MaxGrantMinor == 0 {
		fe.Add("max_grant", "calls.error.required_to_publish")
	}
	if in.MaxDonorShareBP == 0 {
		fe.Add("max_donor_share", "calls.error.required_to_publish")
	}
	if in.MaxDurationMonths == 0 {
		fe.Add("max_duration", "calls.error.required_to_publish")
	}
	if in.OpensAt == nil {
		fe.Add("opens_at", "calls.error.required_to_publish")
	}
	if in.ClosesAt == nil {
		fe.Add("closes_at", "calls.error.required_to_publish")
	}
	if in.OpensAt != nil && in.ClosesAt != nil && !in.ClosesAt.After(*in.OpensAt) {
		fe.Add("closes_at", "calls.error.dates_order")
	}
	if len(in.Lots) == 0 {
		fe.Add("lots", "calls.error.no_lots")
	}
	return fe.Err()
}

// inputOf rebuilds the input of a stored call, for the publishing check.
func inputOf(c Call, lots []Lot, docs []Document) Input {
	return Input{ProgrammeID: c.ProgrammeID, Reference: c.Reference, TitleSQ: c.TitleSQ, TitleEN: c.TitleEN,
		TitleSR: c.TitleSR, DescriptionSQ: c.DescriptionSQ, DescriptionEN: c.DescriptionEN, DescriptionSR: c.DescriptionSR,
		MinGrantMinor: c.MinGrantMinor, MaxGrantMinor: c.MaxGrantMinor, MaxDonorShareBP: c.MaxDonorShareBP,
		MinCofinancingBP: c.MinCofinancingBP, MinDurationMonths: c.MinDurationMonths, MaxDurationMonths: c.MaxDurationMonths,
		TimeZone: c.TimeZone, OpensAt: c.OpensAt, ClosesAt: c.ClosesAt, OrgKinds: c.OrgKinds(),
		Municipalities: c.Municipalities(), MinYearsRegistered: c.MinYearsRegistered,
		MaxApplicationsPerOrg: c.MaxApplicationsPerOrg, TwoStage: c.TwoStage, Lots: lots, Documents: docs}
}

// Publish makes a complete draft public. An incomplete call is Invalid with
// a field error per missing field; a call already published is a Conflict.
func (s *Store) Publish(ctx context.Context, id int64) error {
	c, err := s.ByID(ctx, id)
	if err != nil {
		return err
	}
	if c.State != stateDraft {
		return apperr.New(apperr.Conflict, "calls.error.not_draft")
	}
	lots, err := s.Lots(ctx, id)
	if err != nil {
		return err
	}
	docs, err := s.Documents(ctx, id)
	if err != nil {
		return err
	}
	if err := complete(inputOf(c, lots, docs)); err != nil {
		return err
	}
	return s.setState(ctx, id, stateDraft, statePublished, "published_at")
}

// Close ends a published call early; closing a call that is not published
// is a Conflict. A call past its deadline is closed already by the clock.
func (s *Store) Close(ctx context.Context, id int64) error {
	if _, err := s.ByID(ctx, id); err != nil {
		return err
	}
	return s.setState(ctx, id, statePublished, stateClosed, "closed_at")
}

// setState moves a call from one state to the next, stamping column (a
// constant of this file) with the time; the WHERE on the old state makes
// two concurrent moves safe.
func (s *Store) setState(ctx context.Context, id int64, from, to, column string) error {
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		res, err := db.Exec(ctx, tx, `UPDATE calls SET state = ?, `+column+` = ?, updated_at = ? WHERE id = ? AND state = ?`,
			to, s.Now(), s.Now(), id, from)
		if err != nil {
			return fmt.Errorf("call state: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if from == stateDraft {
				return apperr.New(apperr.Conflict, "calls.error.not_draft")
			}
			return apperr.New(apperr.Conflict, "calls.error.not_published")
		}
		return nil
	})
}
