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
