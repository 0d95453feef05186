-- Trend research cache: one row per (kind, source, timeframe, normalised topic).
-- Expired rows are kept on purpose: when search is down they are served as stale results.
-- Timestamps are integer epoch milliseconds (UTC).
CREATE TABLE research_cache (
  key TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  topic TEXT NOT NULL,
  payload TEXT NOT NULL,
  fetched_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE INDEX research_cache_expires_at ON research_cache (expires_at);
