// When to poll Threads insights for a published post.
//
// Engagement on Threads is front-loaded: most views and replies arrive in the first hours,
// so early polls are dense and later ones sparse, which keeps API calls (and the Threads
// rate limit) proportional to how fast the numbers still move:
//
//   post age at the last poll   interval to the next poll
//   < 6 h                       15 min   (matches the */15 cron)
//   6 h – 48 h                  1 h
//   48 h – 30 days              24 h
//   ≥ 30 days                   stop: one final poll lands exactly at day 30, then null
//
// The first poll is due 15 minutes after publishing. Intervals are measured from the last
// poll (not from the publish time), so a missed cron run delays the series, it never bunches it.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const INSIGHTS_SCHEDULE = {
  firstPollAfterMs: 15 * MINUTE,
  tiers: [
    { untilAgeMs: 6 * HOUR, everyMs: 15 * MINUTE },
    { untilAgeMs: 48 * HOUR, everyMs: HOUR },
    { untilAgeMs: 30 * DAY, everyMs: DAY },
  ],
  stopAfterMs: 30 * DAY,
  // Cron ticks are not perfectly aligned with the previous poll's timestamp; without some
  // slack a poll due at 10:15:02 would be skipped by the 10:15:00 tick and wait 15 more minutes.
  graceMs: 2 * MINUTE,
} as const;

function intervalAtAge(ageMs: number): number | null {
  for (const tier of INSIGHTS_SCHEDULE.tiers) {
    if (ageMs < tier.untilAgeMs) return tier.everyMs;
  }
  return null;
}

/** Epoch ms at which the next insights poll is due, or null when polling has stopped. */
export function nextInsightsPollAt(
  publishedAtMs: number,
  lastPolledAtMs: number | null,
  _nowMs: number,
): number | null {
  const stopAt = publishedAtMs + INSIGHTS_SCHEDULE.stopAfterMs;
  if (lastPolledAtMs === null) return publishedAtMs + INSIGHTS_SCHEDULE.firstPollAfterMs;
  if (lastPolledAtMs >= stopAt) return null;
  const every = intervalAtAge(Math.max(0, lastPolledAtMs - publishedAtMs));
  if (every === null) return stopAt;
  return Math.min(lastPolledAtMs + every, stopAt);
}

/** True when a poll should run now (within the grace window of its due time). */
export function isDue(publishedAtMs: number, lastPolledAtMs: number | null, nowMs: number): boolean {
  const next = nextInsightsPollAt(publishedAtMs, lastPolledAtMs, nowMs);
  return next !== null && nowMs + INSIGHTS_SCHEDULE.graceMs >= next;
}
