// Wall-clock ↔ UTC conversion in an IANA time zone using only Intl.DateTimeFormat.
// Rules for local times that do not map to exactly one instant:
//   - spring-forward gap (02:30 on the day clocks jump 02:00→03:00): shifted forward by the
//     gap, i.e. 03:30 — the instant the pre-transition offset gives (Temporal's "compatible");
//   - fall-back overlap (01:30 happening twice): the first occurrence (the earlier instant).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallTime(utcMs: number, timeZone: string): WallTime {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return {
    year: out["year"] ?? 1970,
    month: out["month"] ?? 1,
    day: out["day"] ?? 1,
    hour: (out["hour"] ?? 0) % 24,
    minute: out["minute"] ?? 0,
    second: out["second"] ?? 0,
  };
}

/** Offset of the zone at an instant: local wall time minus UTC, in ms. */
export function offsetMs(utcMs: number, timeZone: string): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  const w = wallTime(whole, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
}

/**
 * The UTC instant of a local wall time, given as `Date.UTC(y, m-1, d, h, min)` ("local time
 * written as if it were UTC"; day and minute overflow are fine).
 */
export function zonedToUtc(localAsUtcMs: number, timeZone: string): number {
  const day = 86_400_000;
  const before = localAsUtcMs - offsetMs(localAsUtcMs - day, timeZone);
  const after = localAsUtcMs - offsetMs(localAsUtcMs + day, timeZone);
  const valid = [before, after].filter((t) => t + offsetMs(t, timeZone) === localAsUtcMs);
  if (valid.length > 0) return Math.min(...valid);
  return before; // in the gap: the pre-transition offset lands just past it
}
