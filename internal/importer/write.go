package importer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/org"
)

// writer inserts the rows of one import inside its transaction.
type writer struct {
	tx   *sqlx.Tx
	by   int64
	now  time.Time
	hash string // the unusable password hash of invited evaluators
	mail Mail
}

// all writes every row; a row the database refuses (a unique constraint)
// becomes a problem of res and rolls everything back.
func (w writer) all(ctx context.Context, res *Result) error {
	for _, o := range res.Orgs {
		if err := w.org(ctx, o); err != nil {
			return err
		}
	}
	for _, e := range res.Evaluators {
		err := w.evaluator(ctx, e)
		if apperr.As(err).Fields["email"] == "auth.error.email_taken" {
			res.Problems = append(res.Problems, Problem{Row: e.Row, Column: "email", Key: "import.error.email_taken"})
			return errDirty
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// org creates the organisation and its profile, audited as the store
// audits a registration, and invites its contact person.
func (w writer) org(ctx context.Context, o Org) error {
	id, err := db.InsertID(ctx, w.tx, `INSERT INTO organisations (name, kind, created_at) VALUES (?, ?, ?) RETURNING id`,
		o.Name, o.Kind, w.now)
	if err != nil {
		return fmt.Errorf("insert organisation: %w", err)
	}
	if _, err := db.Exec(ctx, w.tx, `INSERT INTO organisation_profiles (org_id, legal_name, acronym, registration_number,
		fiscal_number, address, municipality, email, phone, rep_name, rep_position, iban, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, o.Name, o.Acronym, o.RegistrationNumber, o.FiscalNumber,
		o.Address, o.Municipality, o.Email, o.Phone, o.RepName, o.RepPosition, o.IBAN, w.now); err != nil {
		return fmt.Errorf("insert profile: %w", err)
	}
	inv := org.Invitation{OrgID: id, OrgName: o.Name, Email: o.ContactEmail, Lang: o.ContactLang}
	if _, err := org.InviteTx(ctx, w.tx, inv, w.by, w.now, func(token string, inv org.Invitation) notify.Message {
		return w.mail.Org(token, inv, o.ContactName)
	}); err != nil {
		return err
	}
	return audit.Write(ctx, w.tx, audit.Entry{Action: "organisation.import", Object: "organisation", ObjectID: id,
		Payload: map[string]any{"registration_number": o.RegistrationNumber, "row": o.Row, "invited": o.ContactEmail}})
}

// evaluator creates the evaluator's account without a password and mails
// the link that sets one.
func (w writer) evaluator(ctx context.Context, e Evaluator) error {
	_, token, err := auth.InviteUser(ctx, w.tx, auth.NewUser{Email: e.Email, Name: e.Name, Lang: e.Lang, Role: auth.Evaluator},
		w.hash, w.now)
	if err != nil {
		return err
	}
	if err := notify.Enqueue(ctx, w.tx, w.mail.Evaluator(token, e)); err != nil {
		return errors.Join(errors.New("invite evaluator"), err)
	}
	return nil
}
