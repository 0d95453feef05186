-- Each embedder's dedup threshold, measured on the shipped labelled pairs (workers/dedup/calibration/)
-- for a target precision, on first use of the embedder or on demand (POST /v1/dedup/calibrate).
-- Keyed by the embedder stamp (its id: provider, model, size), the pair set's version and the
-- target, so a new embedder, pair set or target is calibrated afresh and an old row never applies.
CREATE TABLE IF NOT EXISTS dedup_calibrations (
  embedder_id TEXT NOT NULL,
  pair_set TEXT NOT NULL,
  target_precision REAL NOT NULL,
  threshold REAL NOT NULL,
  -- 0 when no threshold reached the target on the calibration split (the threshold then flags
  -- only pairs above every non-duplicate).
  reached INTEGER NOT NULL,
  -- JSON: pairs, ROC AUC, precision and recall on the calibration and the held-out test split.
  figures TEXT NOT NULL,
  took_ms INTEGER NOT NULL,
  calibrated_at INTEGER NOT NULL,
  PRIMARY KEY (embedder_id, pair_set, target_precision)
);
