// A persona's posting schedule and its validation. Errors are AppError bad_request naming
// the field, e.g. "schedule.times[1]: expected HH:MM (24-hour)".
import { z } from "zod";
import { badRequest } from "../errors.ts";
import { isValidTimeZone } from "./timezone.ts";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM (24-hour)");
const timeZone = z.string().min(1).refine(isValidTimeZone, "not an IANA time zone (e.g. Europe/Berlin)");
const range = z
  .object({ start: hhmm, end: hhmm })
  .refine((r) => r.start !== r.end, { message: "start and end must differ", path: ["end"] });

const timesSchedule = z.object({
  kind: z.literal("times"),
  times: z
    .array(hhmm)
    .min(1, "at least one time")
    .max(96)
    .refine((t) => new Set(t).size === t.length, "times must not repeat"),
  timezone: timeZone,
  quietHours: range.optional(),
});

const spreadSchedule = z.object({
  kind: z.literal("spread"),
  postsPerDay: z.number().int().min(1).max(250),
  /** May wrap midnight (20:00–02:00). */
  window: range,
  timezone: timeZone,
  quietHours: range.optional(),
});

export const scheduleSchema = z.discriminatedUnion("kind", [timesSchedule, spreadSchedule]);
export type Schedule = z.infer<typeof scheduleSchema>;
export type TimesSchedule = z.infer<typeof timesSchedule>;
export type SpreadSchedule = z.infer<typeof spreadSchedule>;

export function parseSchedule(input: unknown, field = "schedule"): Schedule {
  const r = scheduleSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = (issue?.path ?? []).map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    throw badRequest(`${field}${path}`, issue?.message ?? "invalid schedule");
  }
  if (slotMinutes(r.data).length === 0) {
    throw badRequest(`${field}.quietHours`, "quiet hours cover every posting time of the schedule");
  }
  return r.data;
}

export function toMinutes(hm: string): number {
  const [h, m] = hm.split(":");
  return Number(h) * 60 + Number(m);
}

export function inRange(minute: number, r: { start: string; end: string }): boolean {
  const s = toMinutes(r.start);
  const e = toMinutes(r.end);
  const m = ((minute % 1440) + 1440) % 1440;
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/**
 * The schedule's local posting times as minutes after local midnight of the slot's day
 * (≥ 1440 when a spread window runs past midnight), quiet hours removed, ascending.
 * A spread puts each post in the middle of its equal share of the window: 2 posts in
 * 08:00–22:00 → 11:30 and 18:30.
 */
export function slotMinutes(s: Schedule): number[] {
  let minutes: number[];
  if (s.kind === "times") {
    minutes = s.times.map(toMinutes);
  } else {
    const start = toMinutes(s.window.start);
    const len = (toMinutes(s.window.end) - start + 1440) % 1440;
    minutes = Array.from({ length: s.postsPerDay }, (_, i) => start + Math.floor(((i + 0.5) * len) / s.postsPerDay));
  }
  const quiet = s.quietHours;
  const kept = quiet ? minutes.filter((m) => !inRange(m, quiet)) : minutes;
  return [...new Set(kept)].sort((a, b) => a - b);
}
