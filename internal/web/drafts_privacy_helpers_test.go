package web_test

import (
	"strconv"
	"testing"

	"github.com/subgrant/portal/internal/db"
)

// markSubmitted records application id as submitted without the submit
// rules (attachments, budget), for tests about who reads what once an
// application is no longer a draft.
func markSubmitted(t *testing.T, d *db.DB, id int64) {
	t.Helper()
	if _, err := db.Exec(t.Context(), d, `UPDATE applications SET status = 'submitted', submitted_at = ? WHERE id = ?`, db.Now(), id); err != nil {
		t.Fatal(err)
	}
}

// mustID reads back an id written with itoa.
func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
