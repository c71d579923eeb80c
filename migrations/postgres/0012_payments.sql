-- Tranche payments: a grantee's request, verified by one finance officer,
-- approved by a different user, then paid. payments is the ledger (one row
-- per paid request); the totals beside it (grants.paid_minor,
-- programmes.paid_minor, programme_party_totals) are changed in the same
-- transaction by conditional updates that refuse to pass a ceiling.
CREATE TABLE payment_requests (
    id               BIGSERIAL PRIMARY KEY,
    grant_id         BIGINT NOT NULL REFERENCES grants (id),
    tranche_id       BIGINT REFERENCES grant_tranches (id),
    amount_minor     BIGINT NOT NULL CHECK (amount_minor > 0),
    currency         TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'changes_requested', 'verified', 'approved', 'paid', 'rejected')),
    idempotency_key  TEXT NOT NULL,
    requested_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    requested_at     TIMESTAMPTZ NOT NULL,
    verified_by      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    verified_at      TIMESTAMPTZ,
    approved_by      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    approved_at      TIMESTAMPTZ,
    decided_by       BIGINT REFERENCES users (id) ON DELETE SET NULL,
    decided_at       TIMESTAMPTZ,
    reason           TEXT NOT NULL DEFAULT '',
    UNIQUE (grant_id, idempotency_key)
);
CREATE INDEX payment_requests_status ON payment_requests (status, requested_at);

-- The ledger. iban is the agreement's account at the moment of payment;
-- rate_micros converts the amount to rate_currency (1 unit of the pair's
-- first currency = rate_micros / 1,000,000 of its second) for the month
-- of paid_on, and report_minor is the amount in rate_currency.
CREATE TABLE payments (
    id              BIGSERIAL PRIMARY KEY,
    request_id      BIGINT NOT NULL UNIQUE REFERENCES payment_requests (id),
    grant_id        BIGINT NOT NULL REFERENCES grants (id),
    amount_minor    BIGINT NOT NULL CHECK (amount_minor > 0),
    currency        TEXT NOT NULL,
    paid_on         TEXT NOT NULL,
    bank_reference  TEXT NOT NULL,
    iban            TEXT NOT NULL,
    rate_from       TEXT NOT NULL,
    rate_to         TEXT NOT NULL,
    rate_micros     BIGINT NOT NULL CHECK (rate_micros > 0),
    rate_currency   TEXT NOT NULL,
    report_minor    BIGINT NOT NULL,
    recorded_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    recorded_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX payments_grant ON payments (grant_id);

-- Monthly exchange rates (for example InforEuro), entered or imported by
-- finance: 1 from_currency = rate_micros / 1,000,000 to_currency.
CREATE TABLE exchange_rates (
    id             BIGSERIAL PRIMARY KEY,
    from_currency  TEXT NOT NULL,
    to_currency    TEXT NOT NULL,
    month          TEXT NOT NULL,
    rate_micros    BIGINT NOT NULL CHECK (rate_micros > 0),
    source         TEXT NOT NULL DEFAULT '',
    entered_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    entered_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (from_currency, to_currency, month),
    CHECK (from_currency <> to_currency)
);

-- What a programme has paid out of its sub-granting budget.
ALTER TABLE programmes ADD COLUMN paid_minor BIGINT NOT NULL DEFAULT 0 CHECK (paid_minor >= 0 AND paid_minor <= subgrant_budget_minor);

-- What a programme has paid to each third party, against its cumulative
-- cap per third party (programmes.third_party_cap_minor; 0: no cap).
CREATE TABLE programme_party_totals (
    programme_id  BIGINT NOT NULL REFERENCES programmes (id),
    org_id        BIGINT NOT NULL REFERENCES organisations (id),
    paid_minor    BIGINT NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
    PRIMARY KEY (programme_id, org_id)
);
