-- Grantee reports: the reporting calendar's interim and final reports of a
-- grant, their narrative (indicators achieved, beneficiaries reached,
-- difficulties) and financial parts (the expenditure list per budget line
-- and the explanation of each line whose variance passes the donor
-- profile's threshold), the officer's decisions, and the recovery order a
-- final settlement below what was paid produces. Budget lines are named by
-- their position in the grant's budget (the application's budget lines,
-- in order) with their heading, so a report does not depend on how the
-- grant's corrected budget is stored.
CREATE TABLE grantee_reports (
    id             BIGSERIAL PRIMARY KEY,
    grant_id       BIGINT NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('interim', 'final')),
    position       INTEGER NOT NULL,
    period_start   TEXT NOT NULL,
    period_end     TEXT NOT NULL,
    due_on         TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'draft', 'submitted', 'changes_requested', 'approved')),
    difficulties   TEXT NOT NULL DEFAULT '',
    submitted_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    submitted_at   TIMESTAMPTZ,
    decided_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    decided_at     TIMESTAMPTZ,
    reason         TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (grant_id, position)
);
CREATE INDEX grantee_reports_due ON grantee_reports (status, due_on);

-- Progress per logframe indicator of the application (position in
-- applications.logframe's indicators), rolled up to the programme
-- indicator whose result it measures.
CREATE TABLE report_indicators (
    report_id               BIGINT NOT NULL REFERENCES grantee_reports (id) ON DELETE CASCADE,
    position                INTEGER NOT NULL,
    result                  TEXT NOT NULL,
    indicator               TEXT NOT NULL,
    target                  TEXT NOT NULL DEFAULT '',
    programme_indicator_id  BIGINT REFERENCES programme_indicators (id) ON DELETE SET NULL,
    achieved                INTEGER NOT NULL DEFAULT 0 CHECK (achieved >= 0),
    PRIMARY KEY (report_id, position)
);

-- Beneficiaries reached by target group, gender, age band and disability.
CREATE TABLE report_beneficiaries (
    report_id     BIGINT NOT NULL REFERENCES grantee_reports (id) ON DELETE CASCADE,
    target_group  TEXT NOT NULL,
    gender        TEXT NOT NULL CHECK (gender IN ('f', 'm', 'other')),
    age_band      TEXT NOT NULL CHECK (age_band IN ('0-17', '18-64', '65+')),
    disability    BOOLEAN NOT NULL,
    count         INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (report_id, target_group, gender, age_band, disability)
);

-- The expenditure list of a report's period. The officer marks a cost
-- ineligible with a reason; eligible costs of approved reports are the
-- accepted costs of the settlement.
CREATE TABLE expenditures (
    id                 BIGSERIAL PRIMARY KEY,
    report_id          BIGINT NOT NULL REFERENCES grantee_reports (id) ON DELETE CASCADE,
    line_position      INTEGER NOT NULL,
    heading            TEXT NOT NULL,
    spent_on           TEXT NOT NULL,
    supplier           TEXT NOT NULL,
    description        TEXT NOT NULL,
    amount_minor       BIGINT NOT NULL CHECK (amount_minor > 0),
    document_ref       TEXT NOT NULL,
    file_name          TEXT NOT NULL DEFAULT '',
    stored_name        TEXT,
    content_type       TEXT NOT NULL DEFAULT '',
    size_bytes         BIGINT NOT NULL DEFAULT 0,
    sha256             TEXT NOT NULL DEFAULT '',
    eligible           BOOLEAN NOT NULL DEFAULT TRUE,
    ineligible_reason  TEXT NOT NULL DEFAULT '',
    created_by         BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    UNIQUE (stored_name)
);
CREATE INDEX expenditures_report ON expenditures (report_id, line_position);

-- The grantee's explanation of a budget line's variance.
CREATE TABLE report_line_explanations (
    report_id      BIGINT NOT NULL REFERENCES grantee_reports (id) ON DELETE CASCADE,
    line_position  INTEGER NOT NULL,
    explanation    TEXT NOT NULL,
    PRIMARY KEY (report_id, line_position)
);

-- What a grantee must pay back when the final settlement is below what
-- was paid: one per grant.
CREATE TABLE recovery_orders (
    id            BIGSERIAL PRIMARY KEY,
    grant_id      BIGINT NOT NULL UNIQUE REFERENCES grants (id) ON DELETE CASCADE,
    report_id     BIGINT NOT NULL REFERENCES grantee_reports (id),
    currency      TEXT NOT NULL,
    amount_minor  BIGINT NOT NULL CHECK (amount_minor > 0),
    reason        TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'recovered', 'waived')),
    created_by    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
