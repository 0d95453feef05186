-- GET /v1/posts without a persona filter pages by (created_at, id) newest first: one indexed
-- range read instead of a scan and sort of every post (bench/api measures it).
CREATE INDEX IF NOT EXISTS posts_created ON posts (created_at, id);
