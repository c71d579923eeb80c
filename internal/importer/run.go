package importer

import (
	"context"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/org"
)

// Mail builds the invitation e-mails of an import, each in its
// invitee's language: an organisation's contact person accepts the
// organisation's invitation (org.Accept); an evaluator sets a password
// through a one-time link (auth.InviteUser).
type Mail struct {
	Org       func(token string, inv org.Invitation, contactName string) notify.Message
	Evaluator func(token string, e Evaluator) notify.Message
}

// importLock serialises imports on PostgreSQL (SQLite's write transaction
// does so already), so the check inside the transaction sees every
// registration number and e-mail an earlier import committed.
const importLock = 7413012

// errDirty rolls an import back that found problems.
var errDirty = errors.New("import: the file has problems")

// Import imports the waiting file id of user userID and kind k in one
// transaction: the file is checked again inside it, and any problem (an
// import or a registration that came in since the check, a unique
// constraint) imports nothing and comes back in the result's problems.
// The file is used up when the import commits.
func (s *Store) Import(ctx context.Context, userID int64, k Kind, id int64, lang i18n.Lang, mail Mail) (Result, error) {
	if _, err := s.load(ctx, s.DB, userID, k, id); err != nil {
		return Result{}, err
	}
	hash := ""
	if k == Evaluators {
		var err error
		if hash, err = auth.UnusableHash(); err != nil {
			return Result{}, err
		}
	}
	var res Result
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if s.DB.Driver == db.Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(`+fmt.Sprint(importLock)+`)`); err != nil {
				return fmt.Errorf("import lock: %w", err)
			}
		}
		p, err := s.load(ctx, tx, userID, k, id)
		if err != nil {
			return err
		}
		if res, err = s.Check(ctx, tx, k, p.Content, lang); err != nil {
			return err
		}
		res.FileID, res.FileName = p.ID, p.FileName
		if !res.Clean() {
			return errDirty
		}
		w := writer{tx: tx, by: userID, now: s.now(), hash: hash, mail: mail}
		if err := w.all(ctx, &res); err != nil {
			return err
		}
		if _, err := db.Exec(ctx, tx, `DELETE FROM import_files WHERE id = ?`, p.ID); err != nil {
			return fmt.Errorf("use import file: %w", err)
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "import." + string(k), Object: "import", ObjectID: p.ID,
			Payload: map[string]any{"file_name": p.FileName, "rows": res.Rows, "created": len(res.Orgs) + len(res.Evaluators),
				"invitations": len(res.Orgs) + len(res.Evaluators)}})
	})
	if errors.Is(err, errDirty) {
		return res, nil
	}
	if err != nil {
		return Result{}, err
	}
	return res, nil
}
