-- Import of organisations and evaluators (issue 12): an uploaded CSV or
-- XLSX file waits here between the check, which shows its rows or its
-- errors, and the officer's confirmation, which checks it again and
-- imports it in one transaction; only the officer who uploaded it may
-- confirm it, and the row goes when the import is done.
CREATE TABLE import_files (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('organisations', 'evaluators')),
    file_name   TEXT NOT NULL,
    content     BYTEA NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX import_files_user ON import_files (user_id);
