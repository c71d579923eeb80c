-- Report jobs: a report that takes more than a second is built in the
-- background by the server's worker. The job keeps what the request asked
-- (the report, its parameters, format and language), who asked and under
-- which scope (role, relation and organisations, so the worker reads the
-- same rows and users of the same scope may fetch the result), how far the
-- build is, and the finished file, so it survives a reload and any server
-- behind the load balancer can serve it.
CREATE TABLE report_jobs (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT NOT NULL,
    format        TEXT NOT NULL,
    lang          TEXT NOT NULL,
    programme_id  BIGINT NOT NULL DEFAULT 0,
    call_id       BIGINT NOT NULL DEFAULT 0,
    stage         TEXT NOT NULL DEFAULT '',
    grant_id      BIGINT NOT NULL DEFAULT 0,
    requested_by  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    relation      TEXT NOT NULL,
    org_ids       TEXT NOT NULL DEFAULT '',
    scope_key     TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    done_rows     INTEGER NOT NULL DEFAULT 0,
    total_rows    INTEGER NOT NULL DEFAULT 0,
    error_key     TEXT NOT NULL DEFAULT '',
    file_name     TEXT NOT NULL DEFAULT '',
    content_type  TEXT NOT NULL DEFAULT '',
    content       BYTEA,
    created_at    TIMESTAMPTZ NOT NULL,
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ
);
CREATE INDEX report_jobs_status ON report_jobs (status, id);
CREATE INDEX report_jobs_requester ON report_jobs (requested_by, id);
