-- Experiments (docs/experiments.md): A/B and bandit tests on one variant dimension, their arms,
-- the arm each task (then its post) got, the winners promoted as defaults, and the viral score
-- of every post with the per-persona online model that predicts engagement. Times: epoch ms UTC.
CREATE TABLE experiments (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  -- NULL: every persona
  persona_id TEXT,
  dimension TEXT NOT NULL,
  -- fixed | bandit
  policy TEXT NOT NULL,
  -- engagement_rate at window_hours after publishing: interactions / views, per post
  metric TEXT NOT NULL DEFAULT 'engagement_rate',
  window_hours INTEGER NOT NULL,
  min_posts_per_arm INTEGER NOT NULL,
  -- running | winner | no_difference | stopped
  status TEXT NOT NULL,
  winner TEXT,
  p_value REAL,
  -- the last analysis (per-arm figures, comparisons, SRM), JSON
  decision TEXT,
  evaluated_at INTEGER,
  decided_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX experiments_status ON experiments (status, dimension);

CREATE TABLE experiment_arms (
  experiment_id TEXT NOT NULL,
  arm TEXT NOT NULL,
  position INTEGER NOT NULL,
  -- share of new tasks: equal for fixed; Thompson-sampling weights for a bandit
  weight REAL NOT NULL,
  PRIMARY KEY (experiment_id, arm)
);

-- One row per (experiment, task): made at ingest, post_id filled in when the post is stored.
CREATE TABLE experiment_assignments (
  experiment_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  post_id TEXT,
  persona_id TEXT NOT NULL,
  dimension TEXT NOT NULL,
  arm TEXT NOT NULL,
  assigned_at INTEGER NOT NULL,
  PRIMARY KEY (experiment_id, task_id)
);
CREATE INDEX experiment_assignments_post ON experiment_assignments (post_id);
CREATE INDEX experiment_assignments_task ON experiment_assignments (task_id);
CREATE INDEX experiment_assignments_persona ON experiment_assignments (persona_id);

-- Winners promoted as defaults; persona_id '*' = every persona (an all-persona experiment).
CREATE TABLE experiment_defaults (
  persona_id TEXT NOT NULL,
  dimension TEXT NOT NULL,
  arm TEXT NOT NULL,
  experiment_id TEXT NOT NULL,
  promoted_at INTEGER NOT NULL,
  PRIMARY KEY (persona_id, dimension)
);

CREATE TABLE post_scores (
  post_id TEXT PRIMARY KEY NOT NULL,
  persona_id TEXT NOT NULL,
  score REAL NOT NULL,
  predicted_er REAL NOT NULL,
  features TEXT NOT NULL,
  -- engagement rate at the decision window, once measured; learned_at when the model took it in
  measured_er REAL,
  learned_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX post_scores_persona ON post_scores (persona_id, created_at);

-- Per-persona online ridge regression of measured ER on the score features: A = λI + ΣxxT,
-- b = λ·w0 + Σxy (JSON arrays).
CREATE TABLE score_models (
  persona_id TEXT PRIMARY KEY NOT NULL,
  n INTEGER NOT NULL,
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

ALTER TABLE personas ADD COLUMN quality_threshold REAL;
