-- Scheduled reminders (issue 12). reminders_sent is the guard that keeps
-- each reminder to once: one row per (kind, item, recipient, bucket),
-- written in the transaction of the notice it stands for, with INSERT ...
-- ON CONFLICT DO NOTHING; a reminder is sent only when its row was
-- inserted. The bucket is the due date a reminder is about (a new due date
-- reminds again) or, for overdue items, the week of lateness.
CREATE TABLE reminders_sent (
    kind     TEXT NOT NULL,
    item_id  INTEGER NOT NULL,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    bucket   TEXT NOT NULL,
    sent_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, item_id, user_id, bucket)
);

-- remind_runs records each time zone's morning run, one per local day:
-- the background loop claims (zone, day) once it is 07:00 there, so the
-- pass runs once a morning however many portal processes check.
CREATE TABLE remind_runs (
    zone         TEXT NOT NULL,
    day          TEXT NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    sent         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (zone, day)
);
