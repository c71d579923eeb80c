-- The audit log: one row per change of state or movement of money, written
-- in the same transaction as the change. Each row carries the hash of the
-- previous row and its own (SHA-256 over the previous hash and the row's
-- fields), so a changed, deleted or reordered row breaks the chain that
-- `portal audit verify` walks. audit_head holds the last hash; writers lock
-- it, so rows are chained in commit order.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TIMESTAMP NOT NULL,
    actor_id      INTEGER,
    actor_role    TEXT NOT NULL DEFAULT '',
    actor_org_id  INTEGER,
    action        TEXT NOT NULL,
    object        TEXT NOT NULL,
    object_id     INTEGER NOT NULL,
    request_id    TEXT NOT NULL DEFAULT '',
    payload       TEXT NOT NULL DEFAULT '{}',
    payload_hash  TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_object ON audit_log (object, object_id, id);

CREATE TABLE audit_head (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    last_id    INTEGER NOT NULL DEFAULT 0,
    last_hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only: a row once written is never changed or removed. The chain
-- head (audit_head) stays updatable by audit.Write; a removed tail is still
-- found because verify compares the walked chain's end with the head.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused');
END;
