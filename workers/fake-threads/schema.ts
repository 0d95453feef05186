import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

// State of the fake Threads Graph API (workers/fake-threads/). Kept in D1 rather than in
// memory so a local run survives restarts and a publish that "failed" after it went out
// (the publish:after fault) is still visible to a later status check, exactly like the
// real service. Timestamps are epoch milliseconds.
//
// These tables are not in migrations/: a production database never gets them. The fake creates
// them itself on first use (ensureFakeThreadsSchema), and only a build that carries the fake
// (FAKE_THREADS_BUNDLED, workers/fake-threads/bundle.ts) can run it.

export interface FakeAttachments {
  poll?: Record<string, string>;
  link?: string;
  quotedPostId?: string;
}

export const fakeThreadsUsers = sqliteTable("fake_threads_users", {
  id: text("id").primaryKey(),
  username: text("username").notNull(),
  createdAt: integer("created_at").notNull(),
});

// Only tokens the fake issued (authorization codes, code exchange, th_exchange_token, th_refresh_token);
// ad-hoc `fake-…` tokens need no row.
export const fakeThreadsTokens = sqliteTable(
  "fake_threads_tokens",
  {
    token: text("token").primaryKey(),
    userId: text("user_id").notNull(),
    // "code": an authorization code from /oauth/authorize, single use, 1 hour (never an access token).
    kind: text("kind", { enum: ["code", "short", "long"] }).notNull(),
    issuedAt: integer("issued_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("fake_threads_tokens_user").on(t.userId)],
);

export const fakeThreadsContainers = sqliteTable(
  "fake_threads_containers",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    mediaType: text("media_type", { enum: ["TEXT", "IMAGE"] }).notNull(),
    text: text("text"),
    imageUrl: text("image_url"),
    replyControl: text("reply_control"),
    topicTag: text("topic_tag"),
    /** The post this one replies to (a chain's next part, or an answer). */
    replyToId: text("reply_to_id"),
    /** poll_attachment, link_attachment, quote_post_id as sent (JSON). */
    attachments: text("attachments", { mode: "json" }).$type<FakeAttachments>(),
    createdAt: integer("created_at").notNull(),
    // Set when a forced status:ERROR fault applies at creation time.
    errorMessage: text("error_message"),
    publishedMediaId: text("published_media_id"),
  },
  (t) => [index("fake_threads_containers_user").on(t.userId)],
);

export const fakeThreadsMedia = sqliteTable(
  "fake_threads_media",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    containerId: text("container_id").notNull().unique(),
    mediaType: text("media_type").notNull(),
    text: text("text"),
    imageUrl: text("image_url"),
    topicTag: text("topic_tag"),
    shortcode: text("shortcode").notNull(),
    publishedAt: integer("published_at").notNull(),
    replyToId: text("reply_to_id"),
    /** The top-level post of the conversation (itself when not a reply). */
    rootId: text("root_id"),
    attachments: text("attachments", { mode: "json" }).$type<FakeAttachments>(),
  },
  (t) => [
    index("fake_threads_media_user_time").on(t.userId, t.publishedAt),
    index("fake_threads_media_reply_to").on(t.replyToId),
  ],
);

// Replies and mentions: the simulated audience's (audience-replies.ts) and the account's own
// answers (a container with reply_to_id). `kind` "mention" is someone else's post naming @owner.
export const fakeThreadsReplies = sqliteTable(
  "fake_threads_replies",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["reply", "mention"] }).notNull(),
    rootId: text("root_id").notNull(),
    repliedToId: text("replied_to_id"),
    /** The root post's owner (who may hide top-level replies to it). */
    ownerId: text("owner_id").notNull(),
    authorId: text("author_id").notNull(),
    username: text("username").notNull(),
    text: text("text").notNull(),
    shortcode: text("shortcode").notNull(),
    hideStatus: text("hide_status").notNull(),
    timestamp: integer("timestamp").notNull(),
  },
  (t) => [
    index("fake_threads_replies_root").on(t.rootId, t.timestamp),
    index("fake_threads_replies_owner").on(t.ownerId),
  ],
);

/** A container made with reply_to_id: publishing it adds a reply under that post or reply. */
export const fakeThreadsReplyLinks = sqliteTable("fake_threads_reply_links", {
  containerId: text("container_id").primaryKey(),
  replyToId: text("reply_to_id").notNull(),
});

/** The tables above as DDL (CREATE … IF NOT EXISTS), in creation order. */
const DDL = [
  `CREATE TABLE IF NOT EXISTS fake_threads_users (
  id TEXT PRIMARY KEY NOT NULL,
  username TEXT NOT NULL,
  created_at INTEGER NOT NULL
)`,
  `CREATE TABLE IF NOT EXISTS fake_threads_tokens (
  token TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
)`,
  `CREATE INDEX IF NOT EXISTS fake_threads_tokens_user ON fake_threads_tokens (user_id)`,
  `CREATE TABLE IF NOT EXISTS fake_threads_containers (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL,
  media_type TEXT NOT NULL,
  text TEXT,
  image_url TEXT,
  reply_control TEXT,
  topic_tag TEXT,
  reply_to_id TEXT,
  attachments TEXT,
  created_at INTEGER NOT NULL,
  error_message TEXT,
  published_media_id TEXT
)`,
  `CREATE INDEX IF NOT EXISTS fake_threads_containers_user ON fake_threads_containers (user_id)`,
  `CREATE TABLE IF NOT EXISTS fake_threads_media (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL,
  container_id TEXT NOT NULL UNIQUE,
  media_type TEXT NOT NULL,
  text TEXT,
  image_url TEXT,
  topic_tag TEXT,
  shortcode TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  reply_to_id TEXT,
  root_id TEXT,
  attachments TEXT
)`,
  `CREATE INDEX IF NOT EXISTS fake_threads_media_user_time ON fake_threads_media (user_id, published_at)`,
  `CREATE TABLE IF NOT EXISTS fake_threads_replies (
  id TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL,
  root_id TEXT NOT NULL,
  replied_to_id TEXT,
  owner_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  username TEXT NOT NULL,
  text TEXT NOT NULL,
  shortcode TEXT NOT NULL,
  hide_status TEXT NOT NULL,
  timestamp INTEGER NOT NULL
)`,
  `CREATE INDEX IF NOT EXISTS fake_threads_replies_root ON fake_threads_replies (root_id, timestamp)`,
  `CREATE INDEX IF NOT EXISTS fake_threads_replies_owner ON fake_threads_replies (owner_id)`,
  `CREATE TABLE IF NOT EXISTS fake_threads_reply_links (
  container_id TEXT PRIMARY KEY NOT NULL,
  reply_to_id TEXT NOT NULL
)`,
];

/**
 * Columns added after the first tables were made: a local database from an older version gets
 * them (ALTER TABLE fails with "duplicate column" when they are there already, which is fine).
 */
const ADDED_COLUMNS = [
  "ALTER TABLE fake_threads_containers ADD COLUMN reply_to_id TEXT",
  "ALTER TABLE fake_threads_media ADD COLUMN reply_to_id TEXT",
  "ALTER TABLE fake_threads_media ADD COLUMN root_id TEXT",
  "ALTER TABLE fake_threads_containers ADD COLUMN attachments TEXT",
  "ALTER TABLE fake_threads_media ADD COLUMN attachments TEXT",
];
const AFTER_COLUMNS = [`CREATE INDEX IF NOT EXISTS fake_threads_media_reply_to ON fake_threads_media (reply_to_id)`];

// Once per isolate: the statements are idempotent, so two first requests racing is harmless.
let ensured = false;

/** Creates the fake's tables when missing: one D1 batch, the first time an isolate serves the fake. */
export async function ensureFakeThreadsSchema(d1: D1Database): Promise<void> {
  if (ensured) return;
  await d1.batch(DDL.map((sql) => d1.prepare(sql)));
  for (const alter of ADDED_COLUMNS) {
    try {
      await d1.prepare(alter).run();
    } catch (err) {
      if (!/duplicate column/i.test(String(err))) throw err;
    }
  }
  await d1.batch(AFTER_COLUMNS.map((sql) => d1.prepare(sql)));
  ensured = true;
}
