package application

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
)

// OtherDocument is the document type of an attachment that answers none of
// the call's required documents.
const OtherDocument = "other"

// MaxAttachments bounds the files of one application.
const MaxAttachments = 50

// Attachment is a file attached to an application: uploaded to it, or a copy
// of a document of the organisation's vault (VaultDocumentID, with the
// vault's validity date). Each attachment owns its stored file, so what was
// submitted stays downloadable whatever happens to the vault.
type Attachment struct {
	ID              int64      `db:"id" json:"id"`
	ApplicationID   int64      `db:"application_id" json:"application_id"`
	DocType         string     `db:"doc_type" json:"doc_type"`
	FileName        string     `db:"file_name" json:"file_name"`
	StoredName      string     `db:"stored_name" json:"-"`
	ContentType     string     `db:"content_type" json:"content_type"`
	Size            int64      `db:"size_bytes" json:"size_bytes"`
	SHA256          string     `db:"sha256" json:"sha256"`
	VaultDocumentID *int64     `db:"org_document_id" json:"vault_document_id"`
	ValidUntil      *time.Time `db:"valid_until" json:"valid_until"`
	UploadedBy      *int64     `db:"uploaded_by" json:"uploaded_by"`
	CreatedAt       time.Time  `db:"created_at" json:"created_at"`
}

const attachmentCols = `id, application_id, doc_type, file_name, stored_name, content_type, size_bytes, sha256,
	org_document_id, valid_until, uploaded_by, created_at`

// loadAttachments fills the attachments of a and the documents its call
// requires (for Check).
func loadAttachments(ctx context.Context, c db.Conn, a *Application) error {
	a.Attachments = []Attachment{}
	if err := db.Select(ctx, c, &a.Attachments, `SELECT `+attachmentCols+` FROM application_attachments
		WHERE application_id = ? ORDER BY id`, a.ID); err != nil {
		return fmt.Errorf("attachments: %w", err)
	}
	for i := range a.Attachments {
		a.Attachments[i].utc()
	}
	a.RequiredDocuments = []call.Document{}
	if err := db.Select(ctx, c, &a.RequiredDocuments, `SELECT code, label_sq, label_en, label_sr FROM call_documents
		WHERE call_id = ? ORDER BY position`, a.CallID); err != nil {
		return fmt.Errorf("required documents: %w", err)
	}
	return nil
}

func (at *Attachment) utc() {
	at.CreatedAt = at.CreatedAt.UTC()
	if at.ValidUntil != nil {
		t := at.ValidUntil.UTC()
		at.ValidUntil = &t
	}
}

// DocTypes lists the document types an attachment of a may have: the
// codes of the call's required documents, then OtherDocument.
func (a Application) DocTypes() []string {
	out := make([]string, 0, len(a.RequiredDocuments)+1)
	for _, d := range a.RequiredDocuments {
		out = append(out, d.Code)
	}
	return append(out, OtherDocument)
}

// Attachment returns one attachment of an application the scope reaches;
// another application's attachment is NotFound.
func (s *Store) Attachment(ctx context.Context, id, attID int64, sc access.Scope) (Attachment, error) {
	if _, err := s.Get(ctx, id, sc); err != nil {
		return Attachment{}, err
	}
	var at Attachment
	if err := db.Get(ctx, s.DB, &at, `SELECT `+attachmentCols+` FROM application_attachments
		WHERE id = ? AND application_id = ?`, attID, id); err != nil {
		return Attachment{}, err
	}
	at.utc()
	return at, nil
}

// AttachmentsWritable returns the application when the scope may change its
// attachments now: a draft of one of its organisations, or an application
// awaiting more information whose open request names "attachments".
func (s *Store) AttachmentsWritable(ctx context.Context, id int64, sc access.Scope) (Application, error) {
	a, err := s.Get(ctx, id, sc)
	if err != nil {
		return a, err
	}
	if !sc.CanWriteFor(a.OrgID) {
		return a, apperr.New(apperr.Forbidden, "applications.error.read_only")
	}
	switch a.Status {
	case Draft:
		return a, nil
	case InfoRequested:
		r, _, err := s.answerable(ctx, id, sc)
		if err != nil {
			return a, err
		}
		if !slices.Contains(r.AllowedSections(), "attachments") {
			return a, apperr.New(apperr.Conflict, "screening.error.section_locked")
		}
		return a, nil
	}
	return a, apperr.New(apperr.Conflict, "attach.error.locked")
}

// CheckAttachment validates an attachment's type against the application's
// call before its file is kept.
func CheckAttachment(a Application, docType string) error {
	if !slices.Contains(a.DocTypes(), docType) {
		return apperr.Field("doc_type", "attach.error.doc_type")
	}
	if len(a.Attachments) >= MaxAttachments {
		return apperr.Field("file", "attach.error.too_many")
	}
	return nil
}

// AddAttachment records a stored file as an attachment of application id.
// The status is claimed in the same transaction, so an attachment never
// lands on an application submitted meanwhile.
func (s *Store) AddAttachment(ctx context.Context, id int64, sc access.Scope, userID int64, at Attachment) (Attachment, error) {
	a, err := s.AttachmentsWritable(ctx, id, sc)
	if err != nil {
		return Attachment{}, err
	}
	if err := CheckAttachment(a, at.DocType); err != nil {
		return Attachment{}, err
	}
	at.ApplicationID, at.UploadedBy, at.CreatedAt = id, &userID, s.Now().UTC()
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := claim(ctx, tx, id, a.Status, at.CreatedAt); err != nil {
			return err
		}
		at.ID, err = db.InsertID(ctx, tx, `INSERT INTO application_attachments (application_id, doc_type, file_name,
			stored_name, content_type, size_bytes, sha256, org_document_id, valid_until, uploaded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, id, at.DocType, at.FileName, at.StoredName,
			at.ContentType, at.Size, at.SHA256, at.VaultDocumentID, at.ValidUntil, at.UploadedBy, at.CreatedAt)
		if err != nil {
			return fmt.Errorf("insert attachment: %w", err)
		}
		return nil
	})
	return at, err
}

// RemoveAttachment deletes an attachment of a draft and returns it, so the
// caller can remove its stored file. After submission files are evidence:
// an info request may add files but never take submitted ones away.
func (s *Store) RemoveAttachment(ctx context.Context, id, attID int64, sc access.Scope) (Attachment, error) {
	a, err := s.AttachmentsWritable(ctx, id, sc)
	if err != nil {
		return Attachment{}, err
	}
	at, err := s.Attachment(ctx, id, attID, sc)
	if err != nil {
		return Attachment{}, err
	}
	if a.Status != Draft {
		return Attachment{}, apperr.New(apperr.Conflict, "attach.error.remove_draft_only")
	}
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := claim(ctx, tx, id, Draft, s.Now().UTC()); err != nil {
			return err
		}
		_, err := db.Exec(ctx, tx, `DELETE FROM application_attachments WHERE id = ? AND application_id = ?`, attID, id)
		return err
	})
	return at, err
}

// claim touches the application if it is still in status st; otherwise the
// change is a conflict.
func claim(ctx context.Context, tx *sqlx.Tx, id int64, st Status, now time.Time) error {
	res, err := db.Exec(ctx, tx, `UPDATE applications SET updated_at = ? WHERE id = ? AND status = ?`, now, id, string(st))
	if err != nil {
		return fmt.Errorf("claim application: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.Conflict, "attach.error.locked")
	}
	return nil
}
