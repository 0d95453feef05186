// Upcoming posting instants for a schedule, computed in the persona's time zone so a 09:00
// slot stays 09:00 local across DST changes (see timezone.ts for gap/overlap rules).
import { badRequest } from "../errors.ts";
import { parseSchedule, slotMinutes } from "./schedule.ts";
import type { Schedule } from "./schedule.ts";
import { wallTime, zonedToUtc } from "./timezone.ts";

/** A slot within this distance of a taken instant counts as taken (slots are whole minutes). */
export const TAKEN_TOLERANCE_MS = 60_000;

/**
 * The next `count` free slots at or after `fromUtcMs`, ascending, as UTC epoch ms.
 * `takenUtcMs`: instants already used (scheduled or published posts) — those slots are skipped.
 * The schedule is validated again here (it may come from stored JSON): AppError bad_request
 * naming the field for an invalid schedule or count.
 */
export function nextSlots(
  schedule: Schedule,
  fromUtcMs: number,
  count: number,
  takenUtcMs: readonly number[] = [],
): number[] {
  const s = parseSchedule(schedule);
  if (!Number.isInteger(count) || count < 0 || count > 1000)
    throw badRequest("count", "must be an integer from 0 to 1000");
  if (!Number.isFinite(fromUtcMs)) throw badRequest("from", "must be a finite epoch-milliseconds instant");
  if (count === 0) return [];

  const minutes = slotMinutes(s);
  const taken = [...takenUtcMs].sort((a, b) => a - b);
  const isTaken = (t: number) => taken.some((x) => Math.abs(x - t) < TAKEN_TOLERANCE_MS);
  // Start a day early: a spread window past midnight belongs to the previous local date.
  const w = wallTime(fromUtcMs, s.timezone);
  const maxDays = 3 + Math.ceil((count + taken.length) / minutes.length);

  const found = new Set<number>();
  let enoughAt: number | undefined;
  for (let day = -1; day <= maxDays; day++) {
    for (const minute of minutes) {
      const t = zonedToUtc(Date.UTC(w.year, w.month - 1, w.day + day, 0, minute), s.timezone);
      if (t >= fromUtcMs && !isTaken(t)) found.add(t);
    }
    // Run one day past the day that filled `count`: a wrapped window or a DST shift can put
    // the next day's first slot before this day's last one.
    if (found.size >= count) enoughAt ??= day;
    if (enoughAt !== undefined && day > enoughAt) break;
  }
  return [...found].sort((a, b) => a - b).slice(0, count);
}
