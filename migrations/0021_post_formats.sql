-- Post formats (issue 22). A post is a single post or a thread chain (a root and its replies,
-- each reply's reply_to_id the part before it); its attachments (poll, link, topic tag, reply
-- control, quoted post) are one JSON object, as they go to Threads together with the root.
ALTER TABLE posts ADD COLUMN format TEXT NOT NULL DEFAULT 'single';
ALTER TABLE posts ADD COLUMN attachments TEXT;

-- The parts of a chain, root first (seq 0). Each part is published exactly once the way a post
-- is: its container id is stored before threads_publish is called, its media id right after.
-- The latest insights reading of each part is kept here; the post's post_metrics rows are the
-- chain's sums.
CREATE TABLE IF NOT EXISTS post_parts (
  post_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  text TEXT NOT NULL,
  threads_container_id TEXT,
  threads_media_id TEXT,
  permalink TEXT,
  published_at INTEGER,
  views INTEGER NOT NULL DEFAULT 0,
  likes INTEGER NOT NULL DEFAULT 0,
  replies INTEGER NOT NULL DEFAULT 0,
  reposts INTEGER NOT NULL DEFAULT 0,
  quotes INTEGER NOT NULL DEFAULT 0,
  shares INTEGER NOT NULL DEFAULT 0,
  metrics_at INTEGER,
  PRIMARY KEY (post_id, seq)
);
