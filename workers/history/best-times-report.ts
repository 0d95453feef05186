// GET /v1/personas/:id/best-times: the persona's posts placed on its local week, then the estimator.
import type { EngagementPoint } from "../db/history.ts";
import type { PersonaRow } from "../db/schema/index.ts";
import { slotMinutes } from "../publishing/schedule.ts";
import { wallTime } from "../publishing/timezone.ts";
import { type BestTimes, estimateBestTimes, localSlot } from "./best-times.ts";

export const ESTIMATOR =
  "empirical Bayes on log engagement rate: weekday×hour cells shrunk toward their hour, hours toward the schedule's hours (or the others), those toward the persona's mean; prior variances by the method of moments";

/** The local hours the persona's schedule posts at (every day). */
export function scheduleHours(persona: Pick<PersonaRow, "schedule">): Set<number> {
  if (!persona.schedule) return new Set();
  return new Set(slotMinutes(persona.schedule).map((m) => Math.floor(m / 60) % 24));
}

export function personaTimezone(persona: Pick<PersonaRow, "schedule" | "timezone">): string {
  return persona.schedule?.timezone ?? persona.timezone;
}

export function bestTimesOf(
  persona: Pick<PersonaRow, "schedule" | "timezone">,
  points: readonly EngagementPoint[],
): BestTimes & { timezone: string; imported_posts: number } {
  const tz = personaTimezone(persona);
  const timed = points.map((p) => ({
    ...localSlot(wallTime(p.publishedAt, tz)),
    views: p.views,
    interactions: p.interactions,
  }));
  const estimate = estimateBestTimes(timed, scheduleHours(persona));
  const imported = points.filter((p) => p.origin === "imported" && p.views >= 20).length;
  return { ...estimate, timezone: tz, imported_posts: imported };
}

export function bestTimesFor(persona: PersonaRow, points: readonly EngagementPoint[]) {
  const report = bestTimesOf(persona, points);
  return { persona_id: persona.id, estimator: ESTIMATOR, ...report };
}
