-- Grant agreements: an award becomes a grant with its amount, period,
-- bank account and payment schedule (tranches). paid_minor is the sum of
-- the grant's payments, kept in the same transaction as the ledger row; the
-- CHECK makes paying above the amount impossible whatever the code does.
CREATE TABLE grants (
    id               BIGSERIAL PRIMARY KEY,
    application_id   BIGINT NOT NULL UNIQUE REFERENCES applications (id),
    programme_id     BIGINT NOT NULL REFERENCES programmes (id),
    call_id          BIGINT NOT NULL REFERENCES calls (id),
    org_id           BIGINT NOT NULL REFERENCES organisations (id),
    contract_number  TEXT NOT NULL UNIQUE,
    currency         TEXT NOT NULL,
    amount_minor     BIGINT NOT NULL CHECK (amount_minor > 0),
    paid_minor       BIGINT NOT NULL DEFAULT 0 CHECK (paid_minor >= 0 AND paid_minor <= amount_minor),
    donor_share_bp   INTEGER NOT NULL CHECK (donor_share_bp > 0 AND donor_share_bp <= 10000),
    starts_on        TEXT NOT NULL,
    ends_on          TEXT NOT NULL,
    schedule_rule    TEXT NOT NULL CHECK (schedule_rule IN ('prefinancing_balance', 'yearly')),
    status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed', 'active', 'suspended', 'closed', 'terminated')),
    lang             TEXT NOT NULL,
    iban             TEXT NOT NULL DEFAULT '',
    bank_name        TEXT NOT NULL DEFAULT '',
    signed_at        TIMESTAMPTZ,
    created_by       BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX grants_programme ON grants (programme_id);
CREATE INDEX grants_org ON grants (org_id);

-- The payment schedule: pre-financing, interim tranches and the balance.
-- requires names the condition a request for the tranche must meet:
-- 'signature' (a signed agreement), 'report' (the report due before it
-- approved), 'spent' (the spending rule of yearly tranches), 'final_report'.
CREATE TABLE grant_tranches (
    id            BIGSERIAL PRIMARY KEY,
    grant_id      BIGINT NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('prefinancing', 'interim', 'balance')),
    amount_minor  BIGINT NOT NULL CHECK (amount_minor >= 0),
    due_on        TEXT NOT NULL,
    requires      TEXT NOT NULL CHECK (requires IN ('signature', 'report', 'spent', 'final_report')),
    status        TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'due', 'requested', 'paid')),
    UNIQUE (grant_id, position)
);

-- The agreement's own facts beyond the award: its version (raised by each
-- approved amendment), special conditions printed in the agreement, the
-- signed scan and the two signature dates, and the reason of a suspension
-- or termination.
ALTER TABLE grants ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE grants ADD COLUMN special_conditions TEXT NOT NULL DEFAULT '';
ALTER TABLE grants ADD COLUMN scan_stored_name TEXT NOT NULL DEFAULT '';
ALTER TABLE grants ADD COLUMN scan_display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE grants ADD COLUMN grantee_signed_on TEXT NOT NULL DEFAULT '';
ALTER TABLE grants ADD COLUMN org_signed_on TEXT NOT NULL DEFAULT '';
ALTER TABLE grants ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';

-- The grant's budget: the application's lines, scaled where the committee
-- reduced the amount, corrected by the officer on the draft and moved
-- between headings by reallocations. donor_minor is the donor's part.
CREATE TABLE grant_budget_lines (
    id           BIGSERIAL PRIMARY KEY,
    grant_id     BIGINT NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    heading      TEXT NOT NULL,
    description  TEXT NOT NULL,
    total_minor  BIGINT NOT NULL CHECK (total_minor >= 0),
    donor_minor  BIGINT NOT NULL CHECK (donor_minor >= 0 AND donor_minor <= total_minor),
    UNIQUE (grant_id, position)
);

-- Contract numbers per call: <call reference>-G-<nnn>, the counter raised
-- by one conditional UPDATE in the creating transaction.
CREATE TABLE grant_counters (
    call_id      BIGINT PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
    last_number  INTEGER NOT NULL
);

-- Amendments: period, budget reallocation and bank account; requested,
-- then approved or rejected by another user; a reallocation within the
-- donor's free limit is recorded at once. before/after are JSON; version
-- is the grant's version the approved amendment produced.
CREATE TABLE grant_amendments (
    id            BIGSERIAL PRIMARY KEY,
    grant_id      BIGINT NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('period', 'reallocation', 'bank_account')),
    status        TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'recorded')),
    version       INTEGER,
    before_value  TEXT NOT NULL,
    after_value   TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    decision_note TEXT NOT NULL DEFAULT '',
    requested_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    requested_at  TIMESTAMPTZ NOT NULL,
    decided_by    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    decided_at    TIMESTAMPTZ
);
CREATE INDEX grant_amendments_grant ON grant_amendments (grant_id, status);
