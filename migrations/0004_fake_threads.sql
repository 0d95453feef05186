-- State of the fake Threads Graph API (workers/fake-threads/), used for local runs and tests.
-- Mirrors workers/db/schema/fake-threads.ts. Times are epoch milliseconds.
CREATE TABLE IF NOT EXISTS fake_threads_users (
  id TEXT PRIMARY KEY NOT NULL,
  username TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS fake_threads_tokens (
  token TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS fake_threads_tokens_user ON fake_threads_tokens (user_id);

CREATE TABLE IF NOT EXISTS fake_threads_containers (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL,
  media_type TEXT NOT NULL,
  text TEXT,
  image_url TEXT,
  reply_control TEXT,
  topic_tag TEXT,
  created_at INTEGER NOT NULL,
  error_message TEXT,
  published_media_id TEXT
);
CREATE INDEX IF NOT EXISTS fake_threads_containers_user ON fake_threads_containers (user_id);

CREATE TABLE IF NOT EXISTS fake_threads_media (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL,
  container_id TEXT NOT NULL UNIQUE,
  media_type TEXT NOT NULL,
  text TEXT,
  image_url TEXT,
  topic_tag TEXT,
  shortcode TEXT NOT NULL,
  published_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS fake_threads_media_user_time ON fake_threads_media (user_id, published_at);
