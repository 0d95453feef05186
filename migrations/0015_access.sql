-- Access (issue 24): API keys as rows and the audit log of every mutating call.
-- A key's secret is never stored: only the SHA-256 (hex) of the whole token `ta_…`.
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,            -- JSON array of read | write | admin
  persona_ids TEXT,                -- JSON array, NULL = every persona
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  key_id TEXT NOT NULL,
  key_name TEXT NOT NULL,
  method TEXT NOT NULL,
  route TEXT NOT NULL,             -- the route's template, e.g. /v1/posts/{id}/publish
  path TEXT NOT NULL,
  target_ids TEXT NOT NULL,        -- JSON array of the ids the call named or created
  status INTEGER NOT NULL,
  request_id TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_key_at ON audit_log (key_id, at DESC);
