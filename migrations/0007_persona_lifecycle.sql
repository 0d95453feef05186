-- A persona's life cycle (DELETE /v1/personas/:id, PATCH timezone). See docs/publishing.md.
--
-- When a persona is deleted, the rows kept as history (published posts, tasks, metrics) move to
-- a tombstone persona id '<id>~<deleted at, epoch ms>' that no live persona can have (ids are
-- slugs), so a persona created later with the same id starts empty; the id they had and when it
-- was deleted are kept for display.
ALTER TABLE posts ADD COLUMN deleted_persona_id TEXT;
ALTER TABLE posts ADD COLUMN persona_deleted_at INTEGER;
ALTER TABLE tasks ADD COLUMN deleted_persona_id TEXT;
ALTER TABLE tasks ADD COLUMN persona_deleted_at INTEGER;

-- 1 when scheduled_at is a slot of the persona's schedule (publish:"schedule"): such posts move
-- when the schedule or its time zone changes. Instants picked by hand (POST /v1/posts/:id/schedule),
-- "now" and quota deferrals stay where they are.
ALTER TABLE posts ADD COLUMN schedule_slot INTEGER NOT NULL DEFAULT 0;
UPDATE posts SET schedule_slot = 1
  WHERE status = 'scheduled' AND task_id IN (SELECT id FROM tasks WHERE publish = 'schedule');

-- 1 when the schedule names its own time zone; otherwise it follows the persona's timezone.
ALTER TABLE personas ADD COLUMN schedule_timezone_explicit INTEGER NOT NULL DEFAULT 0;
UPDATE personas SET schedule_timezone_explicit = 1
  WHERE schedule IS NOT NULL AND json_extract(schedule, '$.timezone') IS NOT timezone;
