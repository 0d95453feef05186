import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// The persona's own material for retrieval (migrations/0020, docs/sources.md).

export const SOURCE_KINDS = ["page", "feed", "text"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
/** pending: not fetched yet; ready: items and chunks stored; failed: the last fetch failed (last_error). */
export const SOURCE_STATUSES = ["pending", "ready", "failed"] as const;
export type SourceStatus = (typeof SOURCE_STATUSES)[number];

export const sources = sqliteTable(
  "sources",
  {
    id: text("id").primaryKey(),
    personaId: text("persona_id").notNull(),
    kind: text("kind").$type<SourceKind>().notNull(),
    url: text("url"),
    title: text("title"),
    status: text("status").$type<SourceStatus>().notNull(),
    etag: text("etag"),
    lastModified: text("last_modified"),
    lastFetchedAt: integer("last_fetched_at"),
    lastError: text("last_error"),
    items: integer("items").notNull().default(0),
    chunks: integer("chunks").notNull().default(0),
    /** Paragraphs left out because a guardrail flagged them (untrusted text: docs/sources.md). */
    dropped: integer("dropped").notNull().default(0),
    /** When the cron refreshes it next (null: pasted text, never refreshed). */
    nextRefreshAt: integer("next_refresh_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("sources_persona_url").on(t.personaId, t.url).where(sql`url IS NOT NULL`),
    index("sources_persona").on(t.personaId, t.createdAt),
    index("sources_refresh").on(t.nextRefreshAt),
  ],
);
export type SourceRow = typeof sources.$inferSelect;

export const sourceItems = sqliteTable(
  "source_items",
  {
    id: text("id").primaryKey(),
    sourceId: text("source_id").notNull(),
    personaId: text("persona_id").notNull(),
    itemKey: text("item_key").notNull(),
    url: text("url"),
    title: text("title"),
    publishedAt: integer("published_at"),
    contentHash: text("content_hash").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("source_items_key").on(t.sourceId, t.itemKey),
    index("source_items_persona").on(t.personaId, t.usedAt, t.publishedAt),
  ],
);
export type SourceItemRow = typeof sourceItems.$inferSelect;

export const sourceChunks = sqliteTable(
  "source_chunks",
  {
    id: text("id").primaryKey(),
    sourceId: text("source_id").notNull(),
    itemId: text("item_id").notNull(),
    personaId: text("persona_id").notNull(),
    seq: integer("seq").notNull(),
    text: text("text").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("source_chunks_item").on(t.itemId, t.seq),
    index("source_chunks_source").on(t.sourceId),
    index("source_chunks_persona").on(t.personaId),
  ],
);
export type SourceChunkRow = typeof sourceChunks.$inferSelect;

/** What a post was written from, as the post shows it. */
export interface PostSource {
  url: string | null;
  title: string | null;
}
