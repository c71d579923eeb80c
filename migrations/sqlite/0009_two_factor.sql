-- Two-factor sign-in: one TOTP secret per user (confirmed_at NULL while
-- enrolment is not confirmed), the last accepted time step so a code is
-- accepted once, hashed single-use recovery codes, and the short-lived
-- state between a right password and a right code.
CREATE TABLE user_totp (
    user_id       INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret        TEXT NOT NULL,
    confirmed_at  TIMESTAMP,
    last_step     INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE recovery_codes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL UNIQUE,
    used_at     TIMESTAMP,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE pending_logins (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    next        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX pending_logins_user ON pending_logins (user_id);
