-- Per-persona switches used by research, de-duplication and scheduling.
ALTER TABLE personas ADD COLUMN research_enabled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE personas ADD COLUMN dedup_threshold REAL;
ALTER TABLE personas ADD COLUMN schedule TEXT;
ALTER TABLE personas ADD COLUMN autopilot INTEGER NOT NULL DEFAULT 0;
