-- Settling a recovery order: the grantee's repayment recorded by finance
-- (date, amount, bank reference), or a waiver proposed with a reason by
-- one user and approved by another (a waiver gives up money owed: four
-- eyes). While a waiver is proposed the order stays open.
ALTER TABLE recovery_orders ADD COLUMN recovered_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE recovery_orders ADD COLUMN recovered_on TEXT NOT NULL DEFAULT '';
ALTER TABLE recovery_orders ADD COLUMN bank_reference TEXT NOT NULL DEFAULT '';
ALTER TABLE recovery_orders ADD COLUMN waiver_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE recovery_orders ADD COLUMN waiver_proposed_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE recovery_orders ADD COLUMN waiver_proposed_at TIMESTAMPTZ;
ALTER TABLE recovery_orders ADD COLUMN settled_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE recovery_orders ADD COLUMN settled_at TIMESTAMPTZ;
