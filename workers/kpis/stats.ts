// Small numeric helpers shared by KPIs, alerts and the daily report.

/** a / b, or null when the ratio is undefined (no denominator) — never NaN or Infinity. */
export function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

/**
 * Nearest-rank percentile (p in [0, 1]) of unsorted values; null for an empty list.
 * Nearest-rank returns an observed value (no interpolation), which keeps p95 of a few task
 * durations honest: it is a duration that actually happened.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/** Conventional median (mean of the two middle values for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? 0) + hi) / 2;
}

export const DAY_MS = 86_400_000;

/** UTC calendar date "YYYY-MM-DD" of an epoch-ms instant. */
export const utcDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Epoch ms of 00:00 UTC on a "YYYY-MM-DD" date; throws on a malformed date. */
export function utcDayStart(date: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (!Number.isFinite(ms) || utcDate(ms) !== date) throw new RangeError(`not a date: ${date}`);
  return ms;
}
