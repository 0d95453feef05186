-- The learned score (docs/score.md): per persona, a ridge regression of log engagement rate on the
-- named features, length and hashed word n-grams, refitted by the quarter-hour cron from every
-- post of the persona with metrics. metrics_id: the highest post_metrics.id it saw (a later one
-- means new data, so a refit). held_out: the time-ordered held-out check (JSON).
CREATE TABLE learned_score_models (
  persona_id TEXT PRIMARY KEY NOT NULL,
  n INTEGER NOT NULL,
  weights TEXT NOT NULL,
  mean_log_er REAL NOT NULL,
  baseline_er REAL NOT NULL,
  held_out TEXT NOT NULL,
  metrics_id INTEGER NOT NULL,
  trained_at INTEGER NOT NULL
);

-- Autopilot at the best times (docs/history.md): the quarter-hour job moves a persona's daily
-- schedule times to its best local hours when this is on.
ALTER TABLE personas ADD COLUMN autopilot_best_times INTEGER NOT NULL DEFAULT 0;
