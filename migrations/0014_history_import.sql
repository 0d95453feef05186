-- History import (issue 20): an account's existing posts, from Threads or from a file, stored as
-- posts with origin 'imported' beside the ones this service writes ('generated'). Their insights
-- go to post_metrics like any measured post's, so what learns from engagement sees them too.
ALTER TABLE posts ADD COLUMN origin TEXT NOT NULL DEFAULT 'generated';
-- sha-256 of the imported post's text and minute of publication: the same post imported twice
-- (two files, a file then a sync) is one row.
ALTER TABLE posts ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS posts_persona_import_key ON posts (persona_id, import_key) WHERE import_key IS NOT NULL;
-- A Threads media id is imported once per persona (our own published posts are skipped by the
-- import's NOT EXISTS on threads_media_id).
CREATE UNIQUE INDEX IF NOT EXISTS posts_persona_imported_media ON posts (persona_id, threads_media_id)
  WHERE origin = 'imported' AND threads_media_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS posts_persona_origin ON posts (persona_id, origin);
-- The import's "already stored?" test by media id is one index lookup per row, not a scan.
CREATE INDEX IF NOT EXISTS posts_persona_media ON posts (persona_id, threads_media_id);

-- One row per history sync (POST /v1/personas/:id/history/sync, or a newly linked account): the
-- cursor of the next page and the counts so far, so a redelivered message resumes where it stopped.
CREATE TABLE IF NOT EXISTS history_jobs (
  id TEXT PRIMARY KEY NOT NULL,
  persona_id TEXT NOT NULL,
  trigger TEXT NOT NULL,
  status TEXT NOT NULL,
  cursor TEXT,
  cap INTEGER NOT NULL,
  seen INTEGER NOT NULL DEFAULT 0,
  imported INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  pages INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS history_jobs_persona ON history_jobs (persona_id, created_at);
CREATE INDEX IF NOT EXISTS history_jobs_status ON history_jobs (status, updated_at);
