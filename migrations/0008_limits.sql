-- Limits (README "Limits") and the OAuth browser binding (docs/publishing.md). LLM spend per UTC day: the pipeline adds each billed call's cost
-- here and reads it before the next call, so generation stops at DAILY_LLM_BUDGET_USD.
CREATE TABLE llm_spend (
  day TEXT PRIMARY KEY NOT NULL,
  cost_usd REAL NOT NULL DEFAULT 0,
  calls INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);
-- The per-persona cap on open tasks is checked inside the task insert; with this index the
-- count touches only the persona's queued and running tasks, not its whole history.
CREATE INDEX tasks_persona_status ON tasks (persona_id, status);
-- The OAuth connect flow is bound to the browser that started it: the connect route sets a
-- cookie holding a random secret and stores its SHA-256 here; the callback must present it.
ALTER TABLE threads_oauth_states ADD COLUMN browser_hash TEXT;
