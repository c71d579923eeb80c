-- Online applications to calls for proposals: the draft's sections (budget
-- lines, municipalities, target groups and partners in tables because they
-- are filtered and summed; the logframe and workplan as JSON checked in Go),
-- invitations to the full stage of two-stage calls, the per-call reference
-- counter and the immutable snapshot taken at submission.
CREATE TABLE applications (
    id                    BIGSERIAL PRIMARY KEY,
    call_id               BIGINT NOT NULL REFERENCES calls (id),
    lot_id                BIGINT NOT NULL REFERENCES call_lots (id),
    org_id                BIGINT NOT NULL REFERENCES organisations (id),
    stage                 TEXT NOT NULL CHECK (stage IN ('concept', 'full')),
    status                TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'eligible', 'ineligible',
                              'withdrawn', 'info_requested', 'evaluated', 'awarded', 'reserve', 'rejected')),
    reference             TEXT UNIQUE,
    title                 TEXT NOT NULL DEFAULT '',
    summary               TEXT NOT NULL DEFAULT '',
    duration_months       INTEGER NOT NULL DEFAULT 0,
    start_month           TEXT NOT NULL DEFAULT '',
    logframe              TEXT NOT NULL DEFAULT '{}',
    workplan              TEXT NOT NULL DEFAULT '[]',
    currency              TEXT NOT NULL,
    total_minor           BIGINT NOT NULL DEFAULT 0,
    requested_minor       BIGINT NOT NULL DEFAULT 0,
    cofinancing_minor     BIGINT NOT NULL DEFAULT 0,
    declaration_accepted  BOOLEAN NOT NULL DEFAULT FALSE,
    declaration_at        TIMESTAMPTZ,
    declaration_by        BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_by            BIGINT REFERENCES users (id) ON DELETE SET NULL,
    submitted_at          TIMESTAMPTZ,
    submitted_by          BIGINT REFERENCES users (id) ON DELETE SET NULL,
    withdrawn_at          TIMESTAMPTZ,
    withdrawal_reason     TEXT NOT NULL DEFAULT '',
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX applications_call ON applications (call_id, status);
CREATE INDEX applications_org ON applications (org_id, call_id);

CREATE TABLE application_budget_lines (
    id                 BIGSERIAL PRIMARY KEY,
    application_id     BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    position           INTEGER NOT NULL,
    heading            TEXT NOT NULL,
    description        TEXT NOT NULL,
    unit               TEXT NOT NULL,
    units_x100         BIGINT NOT NULL CHECK (units_x100 > 0),
    unit_rate_minor    BIGINT NOT NULL CHECK (unit_rate_minor >= 0),
    total_minor        BIGINT NOT NULL CHECK (total_minor >= 0),
    requested_minor    BIGINT NOT NULL CHECK (requested_minor >= 0),
    cofinancing_minor  BIGINT NOT NULL CHECK (cofinancing_minor >= 0)
);
CREATE INDEX application_budget_lines_app ON application_budget_lines (application_id, position);

CREATE TABLE application_municipalities (
    application_id  BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    municipality    TEXT NOT NULL,
    PRIMARY KEY (application_id, municipality)
);
CREATE INDEX application_municipalities_code ON application_municipalities (municipality);

CREATE TABLE application_target_groups (
    application_id  BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    target_group    TEXT NOT NULL,
    beneficiaries   INTEGER NOT NULL CHECK (beneficiaries >= 0),
    PRIMARY KEY (application_id, target_group)
);
CREATE INDEX application_target_groups_code ON application_target_groups (target_group);

CREATE TABLE application_partners (
    id              BIGSERIAL PRIMARY KEY,
    application_id  BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    org_id          BIGINT REFERENCES organisations (id),
    name            TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL CHECK (role IN ('co_applicant', 'affiliated')),
    share_minor     BIGINT NOT NULL CHECK (share_minor >= 0)
);
CREATE INDEX application_partners_app ON application_partners (application_id, position);
CREATE INDEX application_partners_org ON application_partners (org_id);

CREATE TABLE application_invitations (
    call_id     BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    org_id      BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (call_id, org_id)
);

CREATE TABLE application_counters (
    call_id      BIGINT PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
    last_number  BIGINT NOT NULL
);

CREATE TABLE application_snapshots (
    id              BIGSERIAL PRIMARY KEY,
    application_id  BIGINT NOT NULL UNIQUE REFERENCES applications (id),
    content         TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
