-- Organisation profiles: identity, contacts, bank account, turnover, target
-- groups, social services (the directory behind a municipality's map of
-- social-care services), invitations of further users, and the document vault.
CREATE TABLE organisation_profiles (
    org_id               BIGINT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    legal_name           TEXT NOT NULL DEFAULT '',
    acronym              TEXT NOT NULL DEFAULT '',
    registration_number  TEXT NOT NULL DEFAULT '',
    registry             TEXT NOT NULL DEFAULT '',
    fiscal_number        TEXT NOT NULL DEFAULT '',
    registration_date    DATE,
    address              TEXT NOT NULL DEFAULT '',
    municipality         TEXT NOT NULL DEFAULT '',
    email                TEXT NOT NULL DEFAULT '',
    phone                TEXT NOT NULL DEFAULT '',
    rep_name             TEXT NOT NULL DEFAULT '',
    rep_position         TEXT NOT NULL DEFAULT '',
    iban                 TEXT NOT NULL DEFAULT '',
    staff_count          INTEGER NOT NULL DEFAULT 0,
    volunteer_count      INTEGER NOT NULL DEFAULT 0,
    verified_at          TIMESTAMPTZ,
    verified_by          BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX organisation_profiles_municipality ON organisation_profiles (municipality);

CREATE TABLE organisation_turnover (
    org_id        BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    year          INTEGER NOT NULL,
    amount_minor  BIGINT NOT NULL CHECK (amount_minor >= 0),
    currency      TEXT NOT NULL,
    PRIMARY KEY (org_id, year)
);

CREATE TABLE organisation_target_groups (
    org_id        BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    target_group  TEXT NOT NULL,
    PRIMARY KEY (org_id, target_group)
);

CREATE TABLE organisation_services (
    id                      BIGSERIAL PRIMARY KEY,
    org_id                  BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    service_type            TEXT NOT NULL,
    municipality            TEXT NOT NULL,
    capacity                INTEGER NOT NULL CHECK (capacity >= 0),
    beneficiaries_per_year  INTEGER NOT NULL CHECK (beneficiaries_per_year >= 0)
);
CREATE INDEX organisation_services_org ON organisation_services (org_id);
CREATE INDEX organisation_services_municipality ON organisation_services (municipality);

CREATE TABLE organisation_invitations (
    id           BIGSERIAL PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email        TEXT NOT NULL,
    lang         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    invited_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    accepted_at  TIMESTAMPTZ,
    accepted_by  BIGINT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX organisation_invitations_org ON organisation_invitations (org_id);

CREATE TABLE organisation_documents (
    id            BIGSERIAL PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    doc_type      TEXT NOT NULL CHECK (doc_type IN ('statute', 'registration_certificate', 'financial_statements', 'tax_certificate', 'other')),
    file_name     TEXT NOT NULL,
    stored_name   TEXT NOT NULL UNIQUE,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    valid_until   DATE,
    uploaded_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX organisation_documents_org ON organisation_documents (org_id);
