-- Grounded posts (issue 23): the persona's own material for retrieval. A source is a page or a
-- feed (fetched, refreshed from cron with ETag/Last-Modified) or pasted text; its items are the
-- page itself, a feed's entries, or the text; its chunks are what is embedded into the vector
-- index under the persona (a namespace apart from the dedup vectors) and retrieved for a post.
CREATE TABLE IF NOT EXISTS sources (
  id TEXT PRIMARY KEY NOT NULL,
  persona_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  url TEXT,
  title TEXT,
  status TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  last_fetched_at INTEGER,
  last_error TEXT,
  items INTEGER NOT NULL DEFAULT 0,
  chunks INTEGER NOT NULL DEFAULT 0,
  dropped INTEGER NOT NULL DEFAULT 0,
  next_refresh_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS sources_persona_url ON sources (persona_id, url) WHERE url IS NOT NULL;
CREATE INDEX IF NOT EXISTS sources_persona ON sources (persona_id, created_at);
CREATE INDEX IF NOT EXISTS sources_refresh ON sources (next_refresh_at);

CREATE TABLE IF NOT EXISTS source_items (
  id TEXT PRIMARY KEY NOT NULL,
  source_id TEXT NOT NULL,
  persona_id TEXT NOT NULL,
  -- The entry's guid or link (a page: its URL; text: the source id): one row per entry.
  item_key TEXT NOT NULL,
  url TEXT,
  title TEXT,
  published_at INTEGER,
  content_hash TEXT NOT NULL,
  -- When a post was first written from this item (autopilot takes the newest unused one).
  used_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS source_items_key ON source_items (source_id, item_key);
CREATE INDEX IF NOT EXISTS source_items_persona ON source_items (persona_id, used_at, published_at);

CREATE TABLE IF NOT EXISTS source_chunks (
  id TEXT PRIMARY KEY NOT NULL,
  source_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  persona_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS source_chunks_item ON source_chunks (item_id, seq);
CREATE INDEX IF NOT EXISTS source_chunks_source ON source_chunks (source_id);
CREATE INDEX IF NOT EXISTS source_chunks_persona ON source_chunks (persona_id);

-- The sources a post was written from, [{url, title}], and the item it repurposes (if any).
ALTER TABLE posts ADD COLUMN sources TEXT;
ALTER TABLE posts ADD COLUMN source_id TEXT;
ALTER TABLE posts ADD COLUMN source_item_id TEXT;
CREATE INDEX IF NOT EXISTS posts_persona_source ON posts (persona_id, source_id);
