package db_test

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/db"
)

type sqlxTx = sqlx.Tx

// increment reads then writes inside one transaction, the pattern that
// gives SQLITE_BUSY without immediate transactions.
func increment(ctx context.Context, d *db.DB, tx *sqlx.Tx) error {
	var n int
	q := `SELECT n FROM counter WHERE id = 1`
	if d.Driver == db.Postgres {
		q += ` FOR UPDATE`
	}
	if err := tx.GetContext(ctx, &n, q); err != nil {
		return err
	}
	_, err := db.Exec(ctx, tx, `UPDATE counter SET n = ? WHERE id = 1`, n+1)
	return err
}
