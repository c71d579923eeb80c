-- Programmes (donor money), calls for proposals, their lots, required
-- documents and clarifications. Money in minor units with the programme's
-- currency; percentages in basis points; moments in UTC; days as YYYY-MM-DD.
CREATE TABLE programmes (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    title                  TEXT NOT NULL,
    donor_org_id           INTEGER NOT NULL REFERENCES organisations (id),
    donor_profile          TEXT NOT NULL,
    currency               TEXT NOT NULL,
    subgrant_budget_minor  INTEGER NOT NULL CHECK (subgrant_budget_minor >= 0),
    third_party_cap_minor  INTEGER NOT NULL CHECK (third_party_cap_minor >= 0),
    starts_on              TEXT NOT NULL,
    ends_on                TEXT NOT NULL,
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL
);
CREATE INDEX programmes_donor ON programmes (donor_org_id);

CREATE TABLE programme_funding_sources (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id  INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    amount_minor  INTEGER NOT NULL CHECK (amount_minor >= 0)
);
CREATE INDEX programme_funding_sources_programme ON programme_funding_sources (programme_id, position);

CREATE TABLE programme_indicators (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id  INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    result        TEXT NOT NULL,
    indicator     TEXT NOT NULL,
    baseline      TEXT NOT NULL DEFAULT '',
    target        TEXT NOT NULL DEFAULT '',
    unit          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX programme_indicators_programme ON programme_indicators (programme_id, position);

CREATE TABLE calls (
    id                        INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id              INTEGER NOT NULL REFERENCES programmes (id),
    reference                 TEXT NOT NULL UNIQUE,
    title_sq                  TEXT NOT NULL,
    title_en                  TEXT NOT NULL DEFAULT '',
    title_sr                  TEXT NOT NULL DEFAULT '',
    description_sq            TEXT NOT NULL DEFAULT '',
    description_en            TEXT NOT NULL DEFAULT '',
    description_sr            TEXT NOT NULL DEFAULT '',
    min_grant_minor           INTEGER NOT NULL DEFAULT 0,
    max_grant_minor           INTEGER NOT NULL DEFAULT 0,
    max_donor_share_bp        INTEGER NOT NULL DEFAULT 0,
    min_cofinancing_bp        INTEGER NOT NULL DEFAULT 0,
    min_duration_months       INTEGER NOT NULL DEFAULT 0,
    max_duration_months       INTEGER NOT NULL DEFAULT 0,
    time_zone                 TEXT NOT NULL,
    opens_at                  TIMESTAMP,
    closes_at                 TIMESTAMP,
    org_kinds                 TEXT NOT NULL DEFAULT '',
    min_years_registered      INTEGER NOT NULL DEFAULT 0,
    municipalities            TEXT NOT NULL DEFAULT '',
    max_applications_per_org  INTEGER NOT NULL DEFAULT 0,
    two_stage                 INTEGER NOT NULL DEFAULT 0,
    state                     TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'closed')),
    published_at              TIMESTAMP,
    closed_at                 TIMESTAMP,
    created_at                TIMESTAMP NOT NULL,
    updated_at                TIMESTAMP NOT NULL
);
CREATE INDEX calls_programme ON calls (programme_id);
CREATE INDEX calls_open ON calls (state, closes_at);

CREATE TABLE call_lots (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id       INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    budget_minor  INTEGER NOT NULL CHECK (budget_minor >= 0),
    theme         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX call_lots_call ON call_lots (call_id, position);

CREATE TABLE call_documents (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id   INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    code      TEXT NOT NULL,
    label_sq  TEXT NOT NULL,
    label_en  TEXT NOT NULL,
    label_sr  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX call_documents_call ON call_documents (call_id, position);

CREATE TABLE call_questions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id      INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    org_id       INTEGER NOT NULL REFERENCES organisations (id),
    asked_by     INTEGER NOT NULL REFERENCES users (id),
    question     TEXT NOT NULL,
    answer       TEXT NOT NULL DEFAULT '',
    answered_by  INTEGER REFERENCES users (id),
    answered_at  TIMESTAMP,
    published    INTEGER NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX call_questions_call ON call_questions (call_id, id);
