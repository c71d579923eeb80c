package org

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// Document is a file of the organisation's vault, reused across applications.
type Document struct {
	ID          int64      `db:"id"`
	OrgID       int64      `db:"org_id"`
	Type        string     `db:"doc_type"`
	FileName    string     `db:"file_name"`   // sanitised display name
	StoredName  string     `db:"stored_name"` // generated name in the upload folder
	ContentType string     `db:"content_type"`
	Size        int64      `db:"size_bytes"`
	SHA256      string     `db:"sha256"`
	ValidUntil  *time.Time `db:"valid_until"`
	UploadedBy  *int64     `db:"uploaded_by"`
	CreatedAt   time.Time  `db:"created_at"`
}

// Expired reports whether the document's validity date has passed at now.
func (d Document) Expired(now time.Time) bool {
	return d.ValidUntil != nil && d.ValidUntil.Before(now.Truncate(24*time.Hour))
}

const documentCols = `id, org_id, doc_type, file_name, stored_name, content_type, size_bytes, sha256,
	valid_until, uploaded_by, created_at`

// CheckDocument validates the metadata of a document before its file is kept.
func CheckDocument(docType string, validUntil *time.Time) error {
	fe := apperr.FieldErrors{}
	if !IsDocumentType(docType) {
		fe.Add("doc_type", "org.error.doc_type")
	}
	if validUntil != nil && (validUntil.Year() < 1900 || validUntil.Year() > 2200) {
		fe.Add("valid_until", "org.error.date_range")
	}
	return fe.Err()
}

// AddDocument records a stored file in the vault of organisation d.OrgID,
// which must be in sc.
func (s *Store) AddDocument(ctx context.Context, sc access.Scope, d Document) (Document, error) {
	if _, err := s.Get(ctx, sc, d.OrgID); err != nil {
		return Document{}, err
	}
	if err := CheckDocument(d.Type, d.ValidUntil); err != nil {
		return Document{}, err
	}
	d.CreatedAt = s.now()
	id, err := db.InsertID(ctx, s.DB, `INSERT INTO organisation_documents (org_id, doc_type, file_name, stored_name,
		content_type, size_bytes, sha256, valid_until, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		d.OrgID, d.Type, d.FileName, d.StoredName, d.ContentType, d.Size, d.SHA256, d.ValidUntil, d.UploadedBy, d.CreatedAt)
	if err != nil {
		return Document{}, fmt.Errorf("insert document: %w", err)
	}
	d.ID = id
	return d, nil
}

// Documents lists the vault of an organisation in sc, newest first.
func (s *Store) Documents(ctx context.Context, sc access.Scope, orgID int64) ([]Document, error) {
	if err := s.reaches(ctx, sc, orgID); err != nil {
		return nil, err
	}
	out := []Document{}
	if err := db.Select(ctx, s.DB, &out, `SELECT `+documentCols+` FROM organisation_documents
		WHERE org_id = ? ORDER BY created_at DESC, id DESC`, orgID); err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	for i := range out {
		out[i].utc()
	}
	return out, nil
}

// Document returns one document of an organisation in sc; another
// organisation's document is NotFound.
func (s *Store) Document(ctx context.Context, sc access.Scope, orgID, docID int64) (Document, error) {
	if err := s.reaches(ctx, sc, orgID); err != nil {
		return Document{}, err
	}
	var d Document
	if err := db.Get(ctx, s.DB, &d, `SELECT `+documentCols+` FROM organisation_documents WHERE id = ? AND org_id = ?`,
		docID, orgID); err != nil {
		return Document{}, err
	}
	d.utc()
	return d, nil
}

// DeleteDocument removes a document's row and returns it, so the caller
// can remove the stored file.
func (s *Store) DeleteDocument(ctx context.Context, sc access.Scope, orgID, docID int64) (Document, error) {
	d, err := s.Document(ctx, sc, orgID, docID)
	if err != nil {
		return Document{}, err
	}
	if _, err := db.Exec(ctx, s.DB, `DELETE FROM organisation_documents WHERE id = ? AND org_id = ?`, docID, orgID); err != nil {
		return Document{}, fmt.Errorf("delete document: %w", err)
	}
	return d, nil
}

func (d *Document) utc() {
	d.CreatedAt = d.CreatedAt.UTC()
	if d.ValidUntil != nil {
		t := d.ValidUntil.UTC()
		d.ValidUntil = &t
	}
}
