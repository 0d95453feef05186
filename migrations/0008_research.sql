-- search_requests_total{source,outcome}: one row per label pair, incremented in place.
-- Kept in D1 so the count survives isolates and can be read by /metrics later.
-- outcome: hit (served from research_cache), miss (the search engine answered), error.
CREATE TABLE search_counters (
  source TEXT NOT NULL,
  outcome TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (source, outcome)
);
