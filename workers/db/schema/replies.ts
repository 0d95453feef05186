import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Replies and mentions the persona received, and its answers (docs/conversations.md).
export const REPLY_KINDS = ["reply", "mention"] as const;
/** What the guardrail made of the reply before anything read it. */
export const REPLY_CATEGORIES = ["ok", "injection", "abuse", "spam", "self"] as const;
/**
 * new: received, no draft (replies off, or drafting failed); drafted: an answer waits for the
 * operator; queued: approved (or auto), being published; answered: our answer is on Threads;
 * dismissed; flagged: the guardrail flagged it, never answered; failed: publishing gave up.
 */
export const REPLY_STATUSES = ["new", "drafted", "queued", "answered", "dismissed", "flagged", "failed"] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];
export type ReplyCategory = (typeof REPLY_CATEGORIES)[number];
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

export const replies = sqliteTable(
  "replies",
  {
    id: text("id").primaryKey(),
    personaId: text("persona_id").notNull(),
    /** Our post at the root of the conversation, when it is one of ours. */
    postId: text("post_id"),
    kind: text("kind").$type<ReplyKind>().notNull(),
    threadsId: text("threads_id").notNull(),
    rootThreadsId: text("root_threads_id"),
    parentThreadsId: text("parent_threads_id"),
    authorUsername: text("author_username"),
    text: text("text").notNull(),
    repliedAt: integer("replied_at").notNull(),
    /** Threads' hide_status (NOT_HUSHED, HIDDEN, UNHUSHED, …). */
    hideStatus: text("hide_status"),
    category: text("category").$type<ReplyCategory>().notNull(),
    flags: text("flags", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    status: text("status").$type<ReplyStatus>().notNull(),
    answerText: text("answer_text"),
    /** "writer" (the persona's model), "operator" (text given to respond) or "auto" (the writer's, queued by auto mode). */
    answerSource: text("answer_source"),
    answerContainerId: text("answer_container_id"),
    answerThreadsId: text("answer_threads_id"),
    answeredAt: integer("answered_at"),
    error: text("error"),
    /** How it arrived: "webhook" or "poll". */
    source: text("source").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("replies_persona_threads").on(t.personaId, t.threadsId),
    index("replies_persona_created").on(t.personaId, t.createdAt, t.id),
    index("replies_post").on(t.postId),
    index("replies_status").on(t.status, t.updatedAt),
  ],
);

export type ReplyRow = typeof replies.$inferSelect;

/** One row per webhook delivery Meta sent (the SHA-256 of its body): a repeated delivery is one row. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    field: text("field").notNull(),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [index("webhook_deliveries_received").on(t.receivedAt)],
);
