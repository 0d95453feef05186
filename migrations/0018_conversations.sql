-- Conversations (issue 21, docs/conversations.md): replies and mentions per persona and post,
-- the answers to them, Meta's webhook deliveries (one row per delivery, for dedup) and the
-- persona's reply settings. Mirrors workers/db/schema/replies.ts and personas.ts.
CREATE TABLE IF NOT EXISTS replies (
  id TEXT PRIMARY KEY NOT NULL,
  persona_id TEXT NOT NULL,
  post_id TEXT,
  kind TEXT NOT NULL,
  threads_id TEXT NOT NULL,
  root_threads_id TEXT,
  parent_threads_id TEXT,
  author_username TEXT,
  text TEXT NOT NULL,
  replied_at INTEGER NOT NULL,
  hide_status TEXT,
  category TEXT NOT NULL,
  flags TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL,
  answer_text TEXT,
  answer_source TEXT,
  answer_container_id TEXT,
  answer_threads_id TEXT,
  answered_at INTEGER,
  error TEXT,
  source TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS replies_persona_threads ON replies (persona_id, threads_id);
CREATE INDEX IF NOT EXISTS replies_persona_created ON replies (persona_id, created_at, id);
CREATE INDEX IF NOT EXISTS replies_post ON replies (post_id);
CREATE INDEX IF NOT EXISTS replies_status ON replies (status, updated_at);

CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id TEXT PRIMARY KEY NOT NULL,
  field TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_received ON webhook_deliveries (received_at);

ALTER TABLE personas ADD COLUMN replies_mode TEXT NOT NULL DEFAULT 'suggest';
ALTER TABLE personas ADD COLUMN reply_rules TEXT;
