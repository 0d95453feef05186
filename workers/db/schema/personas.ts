import { sql } from "drizzle-orm";
import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { Schedule } from "../../publishing/schedule.ts";

export interface GuardrailSettings {
  blocked_words: string[];
  block_personal_data: boolean;
}

/** How the persona answers replies (docs/conversations.md). */
export const REPLY_MODES = ["off", "suggest", "auto"] as const;
export type ReplyMode = (typeof REPLY_MODES)[number];

/** Limits and options of answering; every field has a default (conversations/rules.ts). */
export interface ReplyRules {
  /** Hide replies the guardrail flags as abuse or spam (top-level only, as Threads allows). */
  auto_hide?: boolean;
  /** Auto mode: at most this many answers in one conversation. */
  max_per_conversation?: number;
  /** Auto mode: at most this many answers per hour. */
  max_per_hour?: number;
  /** Auto mode sends nothing between these local times ("HH:MM"). */
  quiet_hours?: { start: string; end: string } | null;
}

export const personas = sqliteTable("personas", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description"),
  tone: text("tone"),
  emoji: text("emoji"),
  topics: text("topics", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  language: text("language").notNull().default("en"),
  timezone: text("timezone").notNull().default("UTC"),
  guardrails: text("guardrails", { mode: "json" }).$type<GuardrailSettings>().notNull(),
  /** Ground posts in search results (trend_research); off uses only a task's trend_snippet. */
  researchEnabled: integer("research_enabled", { mode: "boolean" }).notNull().default(true),
  /** Similarity above which a post counts as a duplicate; null uses DEDUP_THRESHOLD. */
  dedupThreshold: real("dedup_threshold"),
  /** Viral-score gate for drafts; null uses QUALITY_THRESHOLD (docs/experiments.md). */
  qualityThreshold: real("quality_threshold"),
  schedule: text("schedule", { mode: "json" }).$type<Schedule>(),
  /** The schedule names its own time zone; otherwise it follows `timezone` when that changes. */
  scheduleTimezoneExplicit: integer("schedule_timezone_explicit", { mode: "boolean" }).notNull().default(false),
  /** Cron creates generation tasks ahead of the persona's free slots. */
  autopilot: integer("autopilot", { mode: "boolean" }).notNull().default(false),
  repliesMode: text("replies_mode").$type<ReplyMode>().notNull().default("suggest"),
  replyRules: text("reply_rules", { mode: "json" }).$type<ReplyRules>(),
  /** The quarter-hour job moves the schedule's daily times to the persona's best hours (docs/history.md). */
  autopilotBestTimes: integer("autopilot_best_times", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export type PersonaRow = typeof personas.$inferSelect;
