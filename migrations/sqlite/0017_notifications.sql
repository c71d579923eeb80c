-- In-app notifications (issue 12): every event a user is told about is a
-- row here, shown in the portal's notification list with an unread count;
-- the same event also goes by e-mail through the outbox unless the user
-- turned e-mail off for its event type in notification_prefs. Subject and
-- body are rendered once, in the recipient's language, when the event
-- happens, so the list reads the same as the e-mail did.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event       TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    link        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    read_at     TIMESTAMP
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- A row means the user chose for this event type; no row means the
-- default, e-mail on.
CREATE TABLE notification_prefs (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event    TEXT NOT NULL,
    email    INTEGER NOT NULL CHECK (email IN (0, 1)),
    PRIMARY KEY (user_id, event)
);
