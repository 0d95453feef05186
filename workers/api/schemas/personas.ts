import { z } from "@hono/zod-openapi";
import { REPLY_MODES, type PersonaRow } from "../../db/schema/index.ts";
import { rulesOf } from "../../conversations/rules.ts";
import { parseSchedule, type Schedule } from "../../publishing/schedule.ts";
import { IsoTime, Slug, iso, safeString } from "./common.ts";

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

// No defaults here: on PATCH an omitted field must keep its stored value (defaults apply on create).
const Guardrails = z
  .object({
    blocked_words: z.array(safeString().trim().min(1).max(100)).max(500),
    block_personal_data: z.boolean(),
  })
  .partial()
  .strict();

const HourMinute = safeString().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM");
const ReplyRulesInput = z
  .object({
    auto_hide: z.boolean(),
    max_per_conversation: z.number().int().min(0).max(50),
    max_per_hour: z.number().int().min(0).max(200),
    quiet_hours: z.object({ start: HourMinute, end: HourMinute }).strict().nullable(),
  })
  .partial()
  .strict();
const ReplyRulesOutput = z.object({
  auto_hide: z.boolean(),
  max_per_conversation: z.number(),
  max_per_hour: z.number(),
  quiet_hours: z.object({ start: z.string(), end: z.string() }).nullable(),
});

const personaFields = {
  name: safeString().trim().min(1).max(100).openapi({ example: "Calm Founder" }),
  description: safeString()
    .trim()
    .max(2000)
    .nullable()
    .optional()
    .openapi({ example: "A bootstrapped SaaS founder writing for first-time founders." }),
  tone: safeString().trim().max(50).nullable().optional().openapi({ example: "warm" }),
  emoji: safeString()
    .trim()
    .max(32)
    .nullable()
    .optional()
    .openapi({ description: 'Emoji the persona uses; "none" removes emoji', example: "🌱" }),
  topics: z
    .array(safeString().trim().min(1).max(100))
    .max(50)
    .optional()
    .openapi({ example: ["bootstrapping", "pricing"] }),
  language: safeString()
    .regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, "must be a language tag like en or pt-BR")
    .optional(),
  timezone: safeString().max(64).refine(isTimeZone, "must be an IANA time zone like Europe/Berlin").optional(),
  guardrails: Guardrails.optional(),
  research_enabled: z.boolean().optional().openapi({ description: "search for trends before writing (default true)" }),
  dedup_threshold: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .optional()
    .openapi({ description: "similarity at which a post is a duplicate; null uses DEDUP_THRESHOLD" }),
  quality_threshold: z.number().min(0).max(1).nullable().optional().openapi({
    description:
      "viral score below which a draft gets one rewrite, then is rejected (low_quality); null uses QUALITY_THRESHOLD",
  }),
  schedule: z.unknown().optional().openapi({
    description:
      'null, {"kind":"times","times":["09:00","17:30"]} or {"kind":"spread","postsPerDay":3,"window":{"start":"08:00","end":"22:00"}}; optional quietHours {start,end} and timezone (without one the schedule follows the persona\'s timezone, also when that changes)',
  }),
  autopilot: z
    .boolean()
    .optional()
    .openapi({ description: "create generation tasks ahead of free schedule slots (default false)" }),
  replies: z.enum(REPLY_MODES).optional().openapi({
    description:
      'answering replies: "off", "suggest" (the writer drafts, the operator approves; default) or "auto" (sent within reply_rules)',
  }),
  reply_rules: ReplyRulesInput.nullable().optional().openapi({
    description:
      "auto_hide (hide abuse and spam, default false), max_per_conversation (2), max_per_hour (10), quiet_hours {start,end} local (none); null resets",
  }),
  autopilot_best_times: z.boolean().optional().openapi({
    description:
      "post at the best times: every quarter hour a \"times\" schedule's daily times move to the persona's best local hours from GET …/best-times, as many as it has (default false; docs/history.md)",
  }),
};

export const CreatePersona = z
  .object({ id: Slug.openapi({ example: "calm-founder" }), ...personaFields })
  .strict()
  .openapi("CreatePersona", {
    example: {
      id: "calm-founder",
      name: "Calm Founder",
      tone: "warm",
      emoji: "🌱",
      description: "A bootstrapped founder writing for first-time founders.",
      topics: ["pricing", "hiring", "churn"],
      timezone: "Europe/Berlin",
      schedule: { kind: "times", times: ["09:00", "17:30"] },
    },
  });

export const PatchPersona = z
  .object(personaFields)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, "give at least one field to change")
  .openapi("PatchPersona", { example: { autopilot: true, topics: ["pricing", "retention"] } });

export const Persona = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    tone: z.string().nullable(),
    emoji: z.string().nullable(),
    topics: z.array(z.string()),
    language: z.string(),
    timezone: z.string(),
    guardrails: z.object({ blocked_words: z.array(z.string()), block_personal_data: z.boolean() }),
    research_enabled: z.boolean(),
    dedup_threshold: z.number().nullable(),
    quality_threshold: z.number().nullable(),
    schedule: z.record(z.string(), z.unknown()).nullable(),
    autopilot: z.boolean(),
    replies: z.enum(REPLY_MODES),
    reply_rules: ReplyRulesOutput,
    autopilot_best_times: z.boolean(),
    created_at: IsoTime,
    updated_at: IsoTime,
  })
  .openapi("Persona");

export const personaJson = (p: PersonaRow): z.infer<typeof Persona> => ({
  id: p.id,
  name: p.name,
  description: p.description,
  tone: p.tone,
  emoji: p.emoji,
  topics: p.topics,
  language: p.language,
  timezone: p.timezone,
  guardrails: p.guardrails,
  research_enabled: p.researchEnabled,
  dedup_threshold: p.dedupThreshold,
  quality_threshold: p.qualityThreshold,
  schedule: p.schedule ?? null,
  autopilot: p.autopilot,
  replies: p.repliesMode,
  reply_rules: rulesOf(p),
  autopilot_best_times: p.autopilotBestTimes,
  created_at: iso(p.createdAt) ?? "",
  updated_at: iso(p.updatedAt) ?? "",
});

export const defaultGuardrails = (g: { blocked_words?: string[]; block_personal_data?: boolean } | undefined) => ({
  blocked_words: g?.blocked_words ?? [],
  block_personal_data: g?.block_personal_data ?? true,
});

export const DeletePersonaQuery = z.object({
  purge: z.enum(["true", "false"]).optional().openapi({
    description: "true also deletes the published posts and their metrics (default false: kept as history)",
  }),
});

/** The schedule given names its own time zone (then it no longer follows the persona's). */
export const namesTimezone = (raw: unknown): boolean =>
  typeof raw === "object" && raw !== null && !Array.isArray(raw) && "timezone" in raw;

/** A schedule from the API, its timezone defaulting to the persona's; null clears it. */
export function scheduleInput(raw: unknown, personaTimezone: string): Schedule | null {
  if (raw === null) return null;
  const withZone = typeof raw === "object" && !Array.isArray(raw) ? { timezone: personaTimezone, ...raw } : raw;
  return parseSchedule(withZone);
}
