-- Attachments of applications: files uploaded to an application, or copies
-- of documents of the organisation's vault (org_document_id names the
-- source, valid_until keeps its validity date). Each row owns its stored
-- file, so a submitted application keeps its files whatever happens to the
-- vault. doc_type is a code of the call's required documents or 'other'.
CREATE TABLE application_attachments (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id   INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    doc_type         TEXT NOT NULL,
    file_name        TEXT NOT NULL,
    stored_name      TEXT NOT NULL UNIQUE,
    content_type     TEXT NOT NULL,
    size_bytes       INTEGER NOT NULL,
    sha256           TEXT NOT NULL,
    org_document_id  INTEGER REFERENCES organisation_documents (id) ON DELETE SET NULL,
    valid_until      DATE,
    uploaded_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX application_attachments_app ON application_attachments (application_id, id);
