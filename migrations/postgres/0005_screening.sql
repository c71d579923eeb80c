-- The administrative and eligibility check of submitted applications and
-- requests for more information. Each call has its checklist (points
-- seeded with the defaults when the first check of the call starts;
-- officers add more, labelled in three languages); each application has a
-- result per point, and decisions keep the failed points and reasons as
-- they were told to the applicant. Status changes are recorded with who
-- and when. Answers to a request for information keep a new version of the
-- application beside the original snapshot taken at submission.
CREATE TABLE screening_points (
    id          BIGSERIAL PRIMARY KEY,
    call_id     BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    code        TEXT NOT NULL,
    label_sq    TEXT NOT NULL DEFAULT '',
    label_en    TEXT NOT NULL DEFAULT '',
    label_sr    TEXT NOT NULL DEFAULT '',
    created_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (call_id, code)
);

CREATE TABLE screening_results (
    application_id  BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    point_id        BIGINT NOT NULL REFERENCES screening_points (id) ON DELETE CASCADE,
    result          TEXT NOT NULL CHECK (result IN ('passed', 'failed', 'not_applicable')),
    reason          TEXT NOT NULL DEFAULT '',
    recorded_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    recorded_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, point_id)
);

CREATE TABLE screening_decisions (
    id              BIGSERIAL PRIMARY KEY,
    application_id  BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    eligible        BOOLEAN NOT NULL,
    reasons         TEXT NOT NULL DEFAULT '[]',
    decided_by      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    decided_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX screening_decisions_app ON screening_decisions (application_id, decided_at);

CREATE TABLE application_status_changes (
    id              BIGSERIAL PRIMARY KEY,
    application_id  BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    from_status     TEXT NOT NULL,
    to_status       TEXT NOT NULL,
    changed_by      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    changed_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX application_status_changes_app ON application_status_changes (application_id, changed_at);

CREATE TABLE info_requests (
    id              BIGSERIAL PRIMARY KEY,
    application_id  BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    due_at          TIMESTAMPTZ,
    asked_by        BIGINT REFERENCES users (id) ON DELETE SET NULL,
    asked_at        TIMESTAMPTZ NOT NULL,
    answered_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    answered_at     TIMESTAMPTZ
);
CREATE INDEX info_requests_app ON info_requests (application_id, asked_at);

CREATE TABLE info_request_questions (
    id          BIGSERIAL PRIMARY KEY,
    request_id  BIGINT NOT NULL REFERENCES info_requests (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    question    TEXT NOT NULL,
    sections    TEXT NOT NULL DEFAULT '',
    answer      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX info_request_questions_request ON info_request_questions (request_id, position);

CREATE TABLE application_versions (
    id               BIGSERIAL PRIMARY KEY,
    application_id   BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    version          INTEGER NOT NULL,
    info_request_id  BIGINT REFERENCES info_requests (id) ON DELETE SET NULL,
    content          TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    created_by       BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (application_id, version)
);
