package audit

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/db"
)

// Why a row breaks the chain.
const (
	BrokenPayload = "payload changed: its hash no longer matches"
	BrokenFields  = "row changed: its hash no longer matches its fields"
	BrokenLink    = "chain broken: the previous hash is not the last row's (a row was deleted, inserted or reordered)"
	BrokenHead    = "chain head mismatch: the log's last row is not the one the head records (rows removed at the end?)"
)

// Report is what Verify found: how many rows it walked and, when the chain
// is broken, the first row that breaks it and why.
type Report struct {
	Rows     int64
	LastID   int64
	LastHash string
	BrokenID int64 // 0 when the chain holds
	Reason   string
}

// OK reports whether the whole chain holds.
func (r Report) OK() bool { return r.Reason == "" }

func (r Report) String() string {
	if r.OK() {
		return fmt.Sprintf("audit log intact: %d rows, last id %d, last hash %s", r.Rows, r.LastID, r.LastHash)
	}
	return fmt.Sprintf("audit log BROKEN at row %d: %s (%d rows checked before it)", r.BrokenID, r.Reason, r.Rows)
}

// Verify walks the log in id order, one row at a time, checking each row's
// payload hash, its own hash and its link to the row before, then that the
// last row is the one audit_head records. Ids are not required to be
// contiguous: a PostgreSQL sequence skips ids on rollback.
func Verify(ctx context.Context, d *db.DB) (Report, error) {
	rep := Report{LastHash: Genesis}
	rows, err := d.QueryxContext(ctx, `SELECT id, at, actor_id, actor_role, actor_org_id, action, object, object_id,
		request_id, payload, payload_hash, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return rep, fmt.Errorf("audit verify: %w", err)
	}
	defer rows.Close()
	prev := Genesis
	for rows.Next() {
		var r Row
		if err := rows.StructScan(&r); err != nil {
			return rep, fmt.Errorf("audit verify: %w", err)
		}
		if why := r.broken(prev); why != "" {
			rep.BrokenID, rep.Reason = r.ID, why
			return rep, nil
		}
		prev = r.Hash
		rep.Rows++
		rep.LastID, rep.LastHash = r.ID, r.Hash
	}
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("audit verify: %w", err)
	}
	var head struct {
		LastID   int64  `db:"last_id"`
		LastHash string `db:"last_hash"`
	}
	if err := db.Get(ctx, d, &head, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`); err != nil {
		return rep, fmt.Errorf("audit head: %w", err)
	}
	if head.LastID != rep.LastID || head.LastHash != rep.LastHash {
		rep.BrokenID, rep.Reason = head.LastID, BrokenHead
	}
	return rep, nil
}

// broken names what is wrong with r given the hash of the row before it.
func (r Row) broken(prev string) string {
	switch {
	case r.PayloadHash != sum(r.Payload):
		return BrokenPayload
	case r.Hash != r.computeHash():
		return BrokenFields
	case r.PrevHash != prev:
		return BrokenLink
	}
	return ""
}
