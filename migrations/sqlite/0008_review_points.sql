-- A submitted review keeps its weighted points per section ("section
-- id:points" pairs, space-separated), written in the same transaction as
-- its scores, so that a call of ten thousand applications is consolidated
-- from one row per review instead of one row per score. Empty for drafts
-- and for reviews submitted before this migration (their scores are read).
ALTER TABLE reviews ADD COLUMN section_points TEXT NOT NULL DEFAULT '';
