// Autopilot at the best times (persona `autopilot_best_times`, docs/history.md): every quarter
// hour, a "times" schedule's daily times move to the persona's best local hours, as many as it
// has. The hours come from the best-times estimate (empirical Bayes shrunk toward the schedule's
// own hours), so with little data the schedule stays where it is, and a time whose hour stays
// among the best keeps its minutes.
import type { Db } from "../db/client.ts";
import { engagementHistory } from "../db/history.ts";
import { listBestTimesPersonas, updatePersona } from "../db/personas.ts";
import type { PersonaRow } from "../db/schema/index.ts";
import { personaAgent } from "../durable/persona-agent.ts";
import { logEvent } from "../log.ts";
import type { TimesSchedule } from "../publishing/schedule.ts";
import { unwrapRpc } from "../rpc-result.ts";
import type { BestTimes } from "./best-times.ts";
import { bestTimesOf } from "./best-times-report.ts";

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The schedule with its times at the best `times.length` hours (quiet hours left out), or null
 * when it is already there. Hours rank by estimated engagement rate, then by the schedule's own.
 */
export function bestHoursSchedule(schedule: TimesSchedule, estimate: Pick<BestTimes, "hours">): TimesSchedule | null {
  const quiet = schedule.quietHours;
  const hourOf = (t: string) => Number(t.slice(0, 2));
  const inQuiet = (h: number) => {
    if (!quiet) return false;
    const [s, e, m] = [
      hourOf(quiet.start) * 60 + Number(quiet.start.slice(3)),
      hourOf(quiet.end) * 60 + Number(quiet.end.slice(3)),
      h * 60,
    ];
    return s < e ? m >= s && m < e : m >= s || m < e;
  };
  const own = new Map(schedule.times.map((t) => [hourOf(t), t]));
  const ranked = estimate.hours
    .filter((h) => h.engagement_rate !== null && !inQuiet(h.hour))
    .sort(
      (a, b) =>
        (b.engagement_rate ?? 0) - (a.engagement_rate ?? 0) || Number(own.has(b.hour)) - Number(own.has(a.hour)),
    );
  // Two times in one hour count as one hour here, so at most one time per best hour.
  const want = Math.min(new Set(schedule.times.map(hourOf)).size, ranked.length);
  if (want === 0) return null;
  const hours = ranked.slice(0, want).map((h) => h.hour);
  if (hours.every((h) => own.has(h))) return null;
  const times = hours.map((h) => own.get(h) ?? `${pad(h)}:00`).sort();
  return { ...schedule, times };
}

/** One persona: moves its schedule to its best hours when they differ; true when it moved. */
export async function applyBestTimes(env: Env, db: Db, persona: PersonaRow, now: number): Promise<boolean> {
  if (persona.schedule?.kind !== "times") return false;
  const estimate = bestTimesOf(persona, await engagementHistory(env.DB, persona.id));
  const next = bestHoursSchedule(persona.schedule, estimate);
  if (!next) return false;
  const row = await updatePersona(db, persona.id, { schedule: next }, now);
  if (!row) return false;
  // Posts already placed on the old slots move to the new ones, as after a PATCH of the schedule.
  unwrapRpc(await personaAgent(env, persona.id).moveSchedule(persona.id));
  logEvent("autopilot.best_times", { persona_id: persona.id, from: persona.schedule.times, to: next.times });
  return true;
}

/** The quarter-hour job: every persona with autopilot_best_times on (at most `limit` a run). */
export async function applyBestTimesAll(env: Env, db: Db, now: number, limit = 100): Promise<number> {
  let moved = 0;
  for (const persona of await listBestTimesPersonas(db, limit))
    if (await applyBestTimes(env, db, persona, now)) moved++;
  return moved;
}
