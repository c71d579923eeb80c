-- Evaluation of eligible applications by a committee, the ranking and the
-- award decision.
--
-- Grids are data: a grid per call and stage (copied from the donor
-- profile's template, editable until the first score is saved, then
-- frozen), its sections (with a threshold) and sub-criteria (guidance in
-- three languages, weight x1 or x2, scored on the grid's scale). The grid
-- also carries the committee's rules: evaluators per application, minimum
-- justification length, divergence threshold, final-score rule, reserve
-- list length and the section that breaks ties.
--
-- The committee of a call: chair, secretary and voting evaluators (with
-- the languages they read). Evaluators declare impartiality and the
-- absence of a conflict of interest per application before they see it;
-- the declaration keeps the text shown, in its language, and the time.
-- Assignments link an evaluator to an application (automatic or by an
-- officer, with a deadline); a recused or removed assignment stays, with
-- its reason. A review is the evaluator's scores on its assignment: a
-- draft, then submitted and locked unless the chair reopens it with a
-- reason. A divergence is resolved by a further evaluator or a note of the
-- chair.
--
-- A committee session records the ranking decisions of a call's stage:
-- date, members present, minutes and one decision per application (rank,
-- final score in hundredths of a point, award/reserve/reject/shortlist,
-- amount, reduction reason, reasons, comments). Only the chair's approval
-- changes the applications' statuses and sends the letters. Letters go
-- through the outbox, which now carries one attachment.
CREATE TABLE eval_grids (
    id                  BIGSERIAL PRIMARY KEY,
    call_id             BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    stage               TEXT NOT NULL CHECK (stage IN ('concept', 'full')),
    scale_min           INTEGER NOT NULL DEFAULT 1 CHECK (scale_min >= 0),
    scale_max           INTEGER NOT NULL DEFAULT 5 CHECK (scale_max > scale_min),
    pass_mark           INTEGER NOT NULL DEFAULT 0 CHECK (pass_mark >= 0),
    evaluators_per_app  INTEGER NOT NULL DEFAULT 2 CHECK (evaluators_per_app BETWEEN 1 AND 9),
    min_justification   INTEGER NOT NULL DEFAULT 20 CHECK (min_justification >= 1),
    divergence_points   INTEGER NOT NULL DEFAULT 20 CHECK (divergence_points >= 0),
    final_rule          TEXT NOT NULL DEFAULT 'mean_all' CHECK (final_rule IN ('mean_all', 'mean_two_closest')),
    reserve_size        INTEGER NOT NULL DEFAULT 10 CHECK (reserve_size >= 0),
    tie_break_section   TEXT NOT NULL DEFAULT 'relevance',
    review_due_at       TIMESTAMPTZ,
    frozen_at           TIMESTAMPTZ,
    created_by          BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    UNIQUE (call_id, stage)
);

CREATE TABLE eval_sections (
    id          BIGSERIAL PRIMARY KEY,
    grid_id     BIGINT NOT NULL REFERENCES eval_grids (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    code        TEXT NOT NULL,
    title_sq    TEXT NOT NULL,
    title_en    TEXT NOT NULL,
    title_sr    TEXT NOT NULL,
    threshold   INTEGER NOT NULL DEFAULT 0 CHECK (threshold >= 0),
    UNIQUE (grid_id, code)
);

CREATE TABLE eval_criteria (
    id           BIGSERIAL PRIMARY KEY,
    section_id   BIGINT NOT NULL REFERENCES eval_sections (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    code         TEXT NOT NULL,
    title_sq     TEXT NOT NULL,
    title_en     TEXT NOT NULL,
    title_sr     TEXT NOT NULL,
    guidance_sq  TEXT NOT NULL DEFAULT '',
    guidance_en  TEXT NOT NULL DEFAULT '',
    guidance_sr  TEXT NOT NULL DEFAULT '',
    weight       INTEGER NOT NULL DEFAULT 1 CHECK (weight IN (1, 2)),
    UNIQUE (section_id, code)
);

CREATE TABLE committee_members (
    call_id    BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL CHECK (role IN ('chair', 'secretary', 'evaluator')),
    languages  TEXT NOT NULL DEFAULT '',
    added_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    added_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (call_id, user_id)
);
CREATE INDEX committee_members_user ON committee_members (user_id);

CREATE TABLE coi_declarations (
    id              BIGSERIAL PRIMARY KEY,
    application_id  BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    conflict        BOOLEAN NOT NULL,
    lang            TEXT NOT NULL,
    statement       TEXT NOT NULL,
    comment         TEXT NOT NULL DEFAULT '',
    declared_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (application_id, user_id)
);

CREATE TABLE review_assignments (
    id              BIGSERIAL PRIMARY KEY,
    application_id  BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'recused', 'removed')),
    further         BOOLEAN NOT NULL DEFAULT FALSE,
    assigned_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    assigned_at     TIMESTAMPTZ NOT NULL,
    due_at          TIMESTAMPTZ,
    reminded_at     TIMESTAMPTZ,
    ended_reason    TEXT NOT NULL DEFAULT '',
    ended_by        BIGINT REFERENCES users (id) ON DELETE SET NULL,
    ended_at        TIMESTAMPTZ,
    UNIQUE (application_id, user_id)
);
CREATE INDEX review_assignments_user ON review_assignments (user_id, status);

CREATE TABLE reviews (
    id              BIGSERIAL PRIMARY KEY,
    assignment_id   BIGINT NOT NULL UNIQUE REFERENCES review_assignments (id) ON DELETE CASCADE,
    grid_id         BIGINT NOT NULL REFERENCES eval_grids (id),
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    comment         TEXT NOT NULL DEFAULT '',
    submitted_at    TIMESTAMPTZ,
    reopened_at     TIMESTAMPTZ,
    reopened_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    reopen_reason   TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE review_scores (
    review_id      BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    criterion_id   BIGINT NOT NULL REFERENCES eval_criteria (id),
    score          INTEGER,
    justification  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, criterion_id)
);

CREATE TABLE divergence_resolutions (
    application_id  BIGINT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    note            TEXT NOT NULL,
    resolved_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    resolved_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE committee_sessions (
    id           BIGSERIAL PRIMARY KEY,
    call_id      BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    stage        TEXT NOT NULL CHECK (stage IN ('concept', 'full')),
    held_on      DATE NOT NULL,
    location     TEXT NOT NULL DEFAULT '',
    minutes      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    created_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    approved_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    approved_at  TIMESTAMPTZ
);
CREATE INDEX committee_sessions_call ON committee_sessions (call_id, stage, status);

CREATE TABLE committee_session_members (
    session_id  BIGINT NOT NULL REFERENCES committee_sessions (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    role        TEXT NOT NULL CHECK (role IN ('chair', 'secretary', 'evaluator', 'observer')),
    PRIMARY KEY (session_id, user_id)
);

CREATE TABLE award_decisions (
    id               BIGSERIAL PRIMARY KEY,
    session_id       BIGINT NOT NULL REFERENCES committee_sessions (id) ON DELETE CASCADE,
    application_id   BIGINT NOT NULL REFERENCES applications (id),
    lot_id           BIGINT NOT NULL REFERENCES call_lots (id),
    org_id           BIGINT NOT NULL REFERENCES organisations (id),
    rank             INTEGER NOT NULL,
    final_x100       INTEGER NOT NULL,
    fundable         BOOLEAN NOT NULL,
    decision         TEXT NOT NULL CHECK (decision IN ('award', 'reserve', 'reject', 'shortlist')),
    reserve_rank     INTEGER,
    currency         TEXT NOT NULL,
    requested_minor  BIGINT NOT NULL CHECK (requested_minor >= 0),
    amount_minor     BIGINT NOT NULL DEFAULT 0 CHECK (amount_minor >= 0),
    reduced_reason   TEXT NOT NULL DEFAULT '',
    reasons          TEXT NOT NULL DEFAULT '[]',
    comment          TEXT NOT NULL DEFAULT '',
    UNIQUE (session_id, application_id)
);
CREATE INDEX award_decisions_app ON award_decisions (application_id);
CREATE INDEX award_decisions_org ON award_decisions (org_id, decision);

ALTER TABLE outbox ADD COLUMN attachment_name TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN attachment_type TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN attachment BYTEA;
