package importer

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
)

// pendingTTL is how long a checked file waits for its confirmation.
const pendingTTL = 24 * time.Hour

type pending struct {
	ID       int64  `db:"id"`
	Kind     Kind   `db:"kind"`
	FileName string `db:"file_name"`
	Content  []byte `db:"content"`
}

// Upload checks file b (named name) of kind k for user userID; a clean
// file is kept until the user confirms it, and the result carries its id
// (FileID). A file that cannot be read is an error FileKey names.
func (s *Store) Upload(ctx context.Context, userID int64, k Kind, name string, b []byte, lang i18n.Lang) (Result, error) {
	res, err := s.Check(ctx, s.DB, k, b, lang)
	if err != nil {
		return Result{}, err
	}
	res.FileName = cleanName(name)
	if !res.Clean() {
		return res, nil
	}
	now := s.now()
	if _, err := db.Exec(ctx, s.DB, `DELETE FROM import_files WHERE created_at < ?`,
		now.Add(-pendingTTL)); err != nil {
		return Result{}, fmt.Errorf("expire import files: %w", err)
	}
	res.FileID, err = db.InsertID(ctx, s.DB, `INSERT INTO import_files (user_id, kind, file_name, content, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, userID, string(k), res.FileName, b, now)
	if err != nil {
		return Result{}, fmt.Errorf("keep import file: %w", err)
	}
	return res, nil
}

// load returns the waiting file id of user userID and kind k; another
// user's, another kind's or an expired one is NotFound.
func (s *Store) load(ctx context.Context, c db.Conn, userID int64, k Kind, id int64) (pending, error) {
	var p pending
	err := db.Get(ctx, c, &p, `SELECT id, kind, file_name, content FROM import_files
		WHERE id = ? AND user_id = ? AND kind = ? AND created_at >= ?`, id, userID, string(k), s.now().Add(-pendingTTL))
	if err != nil {
		return pending{}, err
	}
	return p, nil
}

// cleanName keeps a file name for display: its base, one line, 100 runes.
func cleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Join(strings.Fields(name), " ")
	if utf8.RuneCountInString(name) > 100 {
		name = string([]rune(name)[:100])
	}
	return name
}
