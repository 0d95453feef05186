import { describe, expect, it } from "vitest";
import { INSIGHTS_SCHEDULE, isDue, nextInsightsPollAt } from "../../workers/insights/schedule.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const PUB = Date.parse("2026-11-01T00:00:00Z");

describe("insights schedule", () => {
  it("first poll is due 15 minutes after publishing", () => {
    expect(nextInsightsPollAt(PUB, null, PUB)).toBe(PUB + 15 * MIN);
    expect(isDue(PUB, null, PUB + 5 * MIN)).toBe(false);
    expect(isDue(PUB, null, PUB + 15 * MIN)).toBe(true);
  });

  it("polls every 15 minutes for the first 6 hours", () => {
    expect(nextInsightsPollAt(PUB, PUB + 2 * HOUR, PUB + 2 * HOUR)).toBe(PUB + 2 * HOUR + 15 * MIN);
    expect(nextInsightsPollAt(PUB, PUB + 5 * HOUR + 59 * MIN, 0)).toBe(PUB + 6 * HOUR + 14 * MIN);
  });

  it("polls hourly from 6 h to 48 h", () => {
    expect(nextInsightsPollAt(PUB, PUB + 6 * HOUR, 0)).toBe(PUB + 7 * HOUR);
    expect(nextInsightsPollAt(PUB, PUB + 47 * HOUR, 0)).toBe(PUB + 48 * HOUR);
  });

  it("polls daily after 48 h", () => {
    expect(nextInsightsPollAt(PUB, PUB + 48 * HOUR, 0)).toBe(PUB + 72 * HOUR);
    expect(nextInsightsPollAt(PUB, PUB + 10 * DAY, 0)).toBe(PUB + 11 * DAY);
  });

  it("takes one final reading at day 30, then stops", () => {
    expect(nextInsightsPollAt(PUB, PUB + 29.5 * DAY, 0)).toBe(PUB + 30 * DAY);
    expect(nextInsightsPollAt(PUB, PUB + 30 * DAY, 0)).toBeNull();
    expect(isDue(PUB, PUB + 30 * DAY, PUB + 90 * DAY)).toBe(false);
  });

  it("tolerates cron jitter within the grace window, not beyond it", () => {
    const last = PUB + HOUR + 30_000; // the previous poll landed 30 s after its tick
    const next = last + 15 * MIN;
    expect(isDue(PUB, last, next - 30_000)).toBe(true);
    expect(isDue(PUB, last, next - INSIGHTS_SCHEDULE.graceMs - 1)).toBe(false);
  });

  it("an old post never polled gets exactly one reading", () => {
    expect(isDue(PUB, null, PUB + 60 * DAY)).toBe(true);
    expect(isDue(PUB, PUB + 60 * DAY, PUB + 61 * DAY)).toBe(false);
  });
});
