-- Notifications core (issue 12): the outbox keeps the time of a message's
-- last attempt, so the back-off between retries is counted from it in any
-- process (before, each process remembered its own tries), and the
-- recipient's language, so the HTML part of the mail says which language
-- it is in. A message with notify.MaxAttempts attempts and no sent_at is
-- "failed": the administrator's outbox page lists it and may retry it.
ALTER TABLE outbox ADD COLUMN last_attempt_at TIMESTAMPTZ;
ALTER TABLE outbox ADD COLUMN lang TEXT NOT NULL DEFAULT '';
