// Autopilot at the best times (persona autopilot_best_times, docs/history.md): the quarter-hour
// job moves a "times" schedule to the persona's best local hours from its imported history, and
// leaves alone a persona without the option or without data.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { bestTimesSchedules } from "../../workers/cron/best-times-schedules.ts";
import { seededRandom } from "../../workers/fake-threads/prng.ts";
import { bestHoursSchedule } from "../../workers/history/best-times-schedule.ts";
import type { TimesSchedule } from "../../workers/publishing/schedule.ts";
import { api, createPersona } from "../support/helpers.ts";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-20T12:00:00Z");
const MIDNIGHT = Date.parse("2026-11-20T00:00:00Z");

/** 480 posts over 20 days at every UTC hour; posts at 14:00 and 20:00 get 3× the engagement. */
function history(seed: string) {
  const rnd = seededRandom(seed);
  return Array.from({ length: 480 }, (_, i) => {
    const hour = i % 24;
    const at = MIDNIGHT - (40 - Math.floor(i / 24)) * DAY + hour * 3_600_000 + 5 * 60_000;
    const views = 1000 + Math.floor(rnd() * 1000);
    const er = 0.02 * (hour === 14 || hour === 20 ? 3 : 1) * Math.exp((rnd() - 0.5) * 0.5);
    return {
      text: `Post ${i} about pricing, hour ${hour}.`,
      published_at: new Date(at).toISOString(),
      views,
      likes: Math.round(views * er),
    };
  });
}

const schedule = { kind: "times", times: ["09:00", "17:30"], timezone: "UTC" };
const timesOf = async (id: string) =>
  ((await (await api(`/v1/personas/${id}`)).json()) as { schedule: { times: string[] } }).schedule.times;

describe("autopilot at the best times", () => {
  it("moves the schedule's times to the best hours the history shows, once", async () => {
    await createPersona({ id: "best", schedule, autopilot: true, autopilot_best_times: true });
    await createPersona({ id: "fixed", schedule, autopilot: true });
    for (const id of ["best", "fixed"]) {
      const r = await api(`/v1/personas/${id}/history`, { method: "POST", json: { posts: history(id) } });
      expect(r.status).toBe(200);
    }
    expect(await bestTimesSchedules(env, NOW)).toEqual({ moved: 1 });
    expect(await timesOf("best")).toEqual(["14:00", "20:00"]);
    expect(await timesOf("fixed")).toEqual(["09:00", "17:30"]);
    // Already at its best hours: nothing to move.
    expect(await bestTimesSchedules(env, NOW)).toEqual({ moved: 0 });
    const persona = (await (await api("/v1/personas/best")).json()) as { autopilot_best_times: boolean };
    expect(persona.autopilot_best_times).toBe(true);
  });

  it("without history the schedule stays; a bad value is a 400 naming the field", async () => {
    await createPersona({ id: "empty", schedule, autopilot_best_times: true });
    expect(await bestTimesSchedules(env, NOW)).toEqual({ moved: 0 });
    expect(await timesOf("empty")).toEqual(["09:00", "17:30"]);
    const bad = await api("/v1/personas/empty", { method: "PATCH", json: { autopilot_best_times: "yes" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^autopilot_best_times: /);
    const off = await api("/v1/personas/empty", { method: "PATCH", json: { autopilot_best_times: false } });
    expect(((await off.json()) as { autopilot_best_times: boolean }).autopilot_best_times).toBe(false);
  });
});

describe("bestHoursSchedule", () => {
  const hours = (best: Record<number, number>) =>
    Array.from({ length: 24 }, (_, hour) => ({ hour, engagement_rate: best[hour] ?? 0.02 }));
  const s: TimesSchedule = { kind: "times", times: ["09:30", "17:00"], timezone: "Europe/Berlin" };

  it("keeps a time whose hour stays among the best, minutes and all, and adds the new hour at :00", () => {
    expect(bestHoursSchedule(s, { hours: hours({ 9: 0.05, 21: 0.06 }) as never })).toEqual({
      ...s,
      times: ["09:30", "21:00"],
    });
  });

  it("answers null when the schedule is already at its best hours or nothing is known", () => {
    expect(bestHoursSchedule(s, { hours: hours({ 9: 0.05, 17: 0.06 }) as never })).toBeNull();
    const unknown = Array.from({ length: 24 }, (_, hour) => ({ hour, engagement_rate: null }));
    expect(bestHoursSchedule(s, { hours: unknown as never })).toBeNull();
  });

  it("never picks an hour inside the quiet hours", () => {
    const quiet: TimesSchedule = { ...s, quietHours: { start: "22:00", end: "06:00" } };
    expect(bestHoursSchedule(quiet, { hours: hours({ 23: 0.09, 2: 0.08, 12: 0.05, 9: 0.04 }) as never })).toEqual({
      ...quiet,
      times: ["09:30", "12:00"],
    });
  });
});
