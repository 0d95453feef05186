-- Personas, generation tasks with their step timings, and posts.
-- Timestamps are integer epoch milliseconds (UTC).
CREATE TABLE personas (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  tone TEXT,
  emoji TEXT,
  topics TEXT NOT NULL DEFAULT '[]',
  language TEXT NOT NULL DEFAULT 'en',
  timezone TEXT NOT NULL DEFAULT 'UTC',
  guardrails TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE tasks (
  id TEXT PRIMARY KEY NOT NULL,
  persona_id TEXT NOT NULL,
  status TEXT NOT NULL,
  publish TEXT NOT NULL,
  input TEXT NOT NULL,
  idempotency_key TEXT,
  request_hash TEXT,
  post_id TEXT,
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER
);
CREATE UNIQUE INDEX tasks_idempotency_key ON tasks (idempotency_key);
CREATE INDEX tasks_persona_created ON tasks (persona_id, created_at);
CREATE INDEX tasks_status ON tasks (status);

CREATE TABLE task_steps (
  task_id TEXT NOT NULL,
  step TEXT NOT NULL,
  seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  duration_ms INTEGER,
  error TEXT,
  detail TEXT,
  PRIMARY KEY (task_id, step)
);

CREATE TABLE posts (
  id TEXT PRIMARY KEY NOT NULL,
  persona_id TEXT NOT NULL,
  task_id TEXT,
  hook TEXT NOT NULL,
  body TEXT NOT NULL,
  text TEXT NOT NULL,
  topic TEXT,
  trend TEXT,
  status TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL DEFAULT 0,
  completion_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  models TEXT NOT NULL,
  threads_container_id TEXT,
  threads_media_id TEXT,
  permalink TEXT,
  scheduled_at INTEGER,
  published_at INTEGER,
  error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX posts_persona_created ON posts (persona_id, created_at);
CREATE INDEX posts_status_scheduled ON posts (status, scheduled_at);
