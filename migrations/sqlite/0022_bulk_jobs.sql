-- Bulk actions (issue 12): an officer selects many rows of a list and acts
-- on them at once. The job is prepared as a draft with a one-time token
-- (the confirmation page lists what will happen to which items); only a
-- confirmation carrying the token queues it. Workers claim the job and
-- then each item with a conditional update, so no item runs twice; each
-- item keeps its outcome (done, or failed with the catalogue key of the
-- reason) for the result page, and the file an item made (a letter).
CREATE TABLE bulk_jobs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL,
    call_id       INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    params        TEXT NOT NULL DEFAULT '{}',
    token         TEXT NOT NULL,
    requested_by  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    relation      TEXT NOT NULL,
    org_ids       TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'queued', 'running', 'done')),
    created_at    TIMESTAMP NOT NULL,
    confirmed_at  TIMESTAMP,
    finished_at   TIMESTAMP
);
CREATE INDEX bulk_jobs_status ON bulk_jobs (status, id);
CREATE INDEX bulk_jobs_requester ON bulk_jobs (requested_by, id);

CREATE TABLE bulk_job_items (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id      INTEGER NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    item_id     INTEGER NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
    error_key   TEXT NOT NULL DEFAULT '',
    claimed_at  TIMESTAMP,
    finished_at TIMESTAMP,
    file_name   TEXT NOT NULL DEFAULT '',
    content     BLOB,
    UNIQUE (job_id, item_id)
);
CREATE INDEX bulk_job_items_pending ON bulk_job_items (job_id, status, position);
