// Package audit is the portal's append-only, hash-chained log of every
// change of state and every movement of money. A store writes its audit
// row with Write inside the transaction that makes the change, so the
// change and its row commit or roll back together. Who acted comes from
// the request's context (WithActor, set by the web layer once per
// request); the command line and the demo act as the system (no actor).
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/db"
)

// Actor is who makes the changes of a request.
type Actor struct {
	UserID    int64
	Role      string
	OrgID     int64 // the actor's first organisation, 0 for staff without one
	RequestID string
}

type actorKey struct{}

// WithActor returns ctx carrying a, for every audit row written under it.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorOf is the actor ctx carries; the zero Actor is the system.
func ActorOf(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// Entry is one change: what was done (Action, such as "payment.approve")
// to which object (Object "payment_request", ObjectID 42), with the facts
// that matter (Payload, marshalled to JSON and hashed).
type Entry struct {
	Action   string
	Object   string
	ObjectID int64
	Payload  any
}

// Genesis is the previous hash of the first row.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Row is a stored audit row.
type Row struct {
	ID          int64     `db:"id"`
	At          time.Time `db:"at"`
	ActorID     *int64    `db:"actor_id"`
	ActorRole   string    `db:"actor_role"`
	ActorOrgID  *int64    `db:"actor_org_id"`
	Action      string    `db:"action"`
	Object      string    `db:"object"`
	ObjectID    int64     `db:"object_id"`
	RequestID   string    `db:"request_id"`
	Payload     string    `db:"payload"`
	PayloadHash string    `db:"payload_hash"`
	PrevHash    string    `db:"prev_hash"`
	Hash        string    `db:"hash"`
}

// Write appends e to the log inside tx, chained to the last row. The chain
// head is locked (FOR UPDATE on PostgreSQL; SQLite's write transaction
// serialises writers), so concurrent writers chain in commit order.
func Write(ctx context.Context, tx *sqlx.Tx, e Entry) error {
	payload, err := json.Marshal(e.Payload)
	if err != nil {
		return fmt.Errorf("audit payload: %w", err)
	}
	if e.Payload == nil {
		payload = []byte("{}")
	}
	q := `SELECT last_id, last_hash FROM audit_head WHERE id = 1`
	if tx.DriverName() == string(db.Postgres) {
		q += ` FOR UPDATE`
	}
	var head struct {
		LastID   int64  `db:"last_id"`
		LastHash string `db:"last_hash"`
	}
	if err := db.Get(ctx, tx, &head, q); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	a := ActorOf(ctx)
	r := Row{At: db.Now(), ActorRole: a.Role, Action: e.Action, Object: e.Object, ObjectID: e.ObjectID,
		RequestID: a.RequestID, Payload: string(payload), PrevHash: head.LastHash}
	if a.UserID != 0 {
		r.ActorID = &a.UserID
	}
	if a.OrgID != 0 {
		r.ActorOrgID = &a.OrgID
	}
	r.PayloadHash = sum(r.Payload)
	r.Hash = r.computeHash()
	id, err := db.InsertID(ctx, tx, `INSERT INTO audit_log (at, actor_id, actor_role, actor_org_id, action, object,
		object_id, request_id, payload, payload_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`, r.At, r.ActorID, r.ActorRole, r.ActorOrgID, r.Action, r.Object, r.ObjectID, r.RequestID,
		r.Payload, r.PayloadHash, r.PrevHash, r.Hash)
	if err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	if _, err := db.Exec(ctx, tx, `UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1`, id, r.Hash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	return nil
}

// computeHash is SHA-256 over the previous hash and every field of the row
// but its id, each field on its own line, times in UTC to the microsecond.
func (r Row) computeHash() string {
	id := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	return sum(strings.Join([]string{r.PrevHash, r.At.UTC().Format("2006-01-02T15:04:05.000000Z"), id(r.ActorID),
		r.ActorRole, id(r.ActorOrgID), r.Action, r.Object, strconv.FormatInt(r.ObjectID, 10), r.RequestID,
		r.PayloadHash}, "\n"))
}

// Valid reports whether the row's own hashes match its fields and prev.
func (r Row) Valid(prev string) bool {
	return r.PrevHash == prev && r.PayloadHash == sum(r.Payload) && r.Hash == r.computeHash()
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
