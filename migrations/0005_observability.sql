-- Observability: engagement time series, follower snapshots, durable Prometheus counters, alerts.
-- No foreign keys to posts/personas on purpose: metrics are history and must survive a
-- persona or post being deleted (and this migration must not depend on 0001's exact shape).

-- Cumulative Threads insights per post, one row per poll (see workers/insights/schedule.ts).
CREATE TABLE post_metrics (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  post_id TEXT NOT NULL,
  persona_id TEXT NOT NULL,
  captured_at INTEGER NOT NULL,
  views INTEGER NOT NULL DEFAULT 0,
  likes INTEGER NOT NULL DEFAULT 0,
  replies INTEGER NOT NULL DEFAULT 0,
  reposts INTEGER NOT NULL DEFAULT 0,
  quotes INTEGER NOT NULL DEFAULT 0,
  shares INTEGER NOT NULL DEFAULT 0
);
-- "latest snapshot per post" and the per-post time series both walk this index.
CREATE UNIQUE INDEX post_metrics_post_captured ON post_metrics (post_id, captured_at);
CREATE INDEX post_metrics_persona_captured ON post_metrics (persona_id, captured_at);

CREATE TABLE follower_snapshots (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  persona_id TEXT NOT NULL,
  captured_at INTEGER NOT NULL,
  followers_count INTEGER NOT NULL
);
CREATE UNIQUE INDEX follower_snapshots_persona_captured ON follower_snapshots (persona_id, captured_at);

-- Prometheus counters and histogram parts. Isolates share no memory, so this table is the
-- source of truth; `labels` is canonical JSON (sorted keys) so equal label sets collide.
CREATE TABLE metric_counters (
  name TEXT NOT NULL,
  labels TEXT NOT NULL,
  value REAL NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (name, labels)
) WITHOUT ROWID;

CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('critical', 'warning', 'business')),
  status TEXT NOT NULL CHECK (status IN ('firing', 'resolved', 'acknowledged')),
  fingerprint TEXT NOT NULL,
  first_fired_at INTEGER NOT NULL,
  last_evaluated_at INTEGER NOT NULL,
  resolved_at INTEGER,
  acknowledged_at INTEGER,
  -- Delivery bookkeeping: a failed webhook is retried on the next evaluation, and an
  -- incident is never announced twice.
  notified_at INTEGER,
  resolve_notified_at INTEGER,
  summary TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}'
);
-- At most one open incident per fingerprint, even if two cron runs overlap.
CREATE UNIQUE INDEX alerts_open_fingerprint ON alerts (fingerprint) WHERE status IN ('firing', 'acknowledged');
CREATE INDEX alerts_status_fired ON alerts (status, first_fired_at);
