import { describe, expect, it } from "vitest";
import { AppError } from "../../workers/errors.ts";
import { parseSchedule, slotMinutes } from "../../workers/publishing/schedule.ts";
import type { Schedule } from "../../workers/publishing/schedule.ts";
import { nextSlots } from "../../workers/publishing/slots.ts";
import { zonedToUtc } from "../../workers/publishing/timezone.ts";

const iso = (ms: number[]) => ms.map((t) => new Date(t).toISOString().replace(":00.000Z", "Z"));
const at = (s: string) => Date.parse(s);

describe("nextSlots: times", () => {
  it("returns the next fixed times in the zone, from `from` on (inclusive)", () => {
    const s: Schedule = { kind: "times", times: ["17:30", "09:00"], timezone: "UTC" };
    expect(iso(nextSlots(s, at("2026-06-01T09:00:00Z"), 3))).toEqual([
      "2026-06-01T09:00Z",
      "2026-06-01T17:30Z",
      "2026-06-02T09:00Z",
    ]);
  });

  it("keeps 09:00 local across the New York spring change", () => {
    const s: Schedule = { kind: "times", times: ["09:00", "17:30"], timezone: "America/New_York" };
    expect(iso(nextSlots(s, at("2026-03-07T12:00:00Z"), 4))).toEqual([
      "2026-03-07T14:00Z", // 09:00 EST
      "2026-03-07T22:30Z",
      "2026-03-08T13:00Z", // 09:00 EDT
      "2026-03-08T21:30Z",
    ]);
  });

  it("shifts a nonexistent New York time forward by the gap", () => {
    const s: Schedule = { kind: "times", times: ["02:30"], timezone: "America/New_York" };
    expect(iso(nextSlots(s, at("2026-03-07T12:00:00Z"), 2))).toEqual([
      "2026-03-08T07:30Z", // 02:30 does not exist that night → 03:30 EDT
      "2026-03-09T06:30Z", // 02:30 EDT
    ]);
  });

  it("takes the first occurrence of an ambiguous New York time in autumn", () => {
    const s: Schedule = { kind: "times", times: ["01:30", "09:00"], timezone: "America/New_York" };
    expect(iso(nextSlots(s, at("2026-10-31T12:00:00Z"), 5))).toEqual([
      "2026-10-31T13:00Z", // 09:00 EDT
      "2026-11-01T05:30Z", // 01:30 EDT, the first of the two
      "2026-11-01T14:00Z", // 09:00 EST
      "2026-11-02T06:30Z", // 01:30 EST
      "2026-11-02T14:00Z",
    ]);
  });

  it("handles Berlin's spring change", () => {
    const s: Schedule = { kind: "times", times: ["09:00", "02:30"], timezone: "Europe/Berlin" };
    expect(iso(nextSlots(s, at("2026-03-28T12:00:00Z"), 4))).toEqual([
      "2026-03-29T01:30Z", // 02:30 missing → 03:30 CEST
      "2026-03-29T07:00Z", // 09:00 CEST
      "2026-03-30T00:30Z",
      "2026-03-30T07:00Z",
    ]);
  });

  it("handles Berlin's autumn change", () => {
    const s: Schedule = { kind: "times", times: ["02:30", "09:00"], timezone: "Europe/Berlin" };
    expect(iso(nextSlots(s, at("2026-10-24T12:00:00Z"), 4))).toEqual([
      "2026-10-25T00:30Z", // 02:30 CEST, first occurrence
      "2026-10-25T08:00Z", // 09:00 CET
      "2026-10-26T01:30Z",
      "2026-10-26T08:00Z",
    ]);
  });

  it("skips taken slots (within a minute)", () => {
    const s: Schedule = { kind: "times", times: ["09:00"], timezone: "UTC" };
    const taken = [at("2026-06-01T09:00:30Z"), at("2026-06-03T09:00:00Z")];
    expect(iso(nextSlots(s, at("2026-06-01T00:00:00Z"), 3, taken))).toEqual([
      "2026-06-02T09:00Z",
      "2026-06-04T09:00Z",
      "2026-06-05T09:00Z",
    ]);
  });

  it("drops times inside quiet hours, including ranges across midnight", () => {
    const s: Schedule = {
      kind: "times",
      times: ["07:00", "12:00", "23:00"],
      timezone: "UTC",
      quietHours: { start: "22:00", end: "08:00" },
    };
    expect(iso(nextSlots(s, at("2026-06-01T00:00:00Z"), 2))).toEqual(["2026-06-01T12:00Z", "2026-06-02T12:00Z"]);
  });
});

describe("nextSlots: spread", () => {
  it("centres N posts in equal shares of the window, in local time", () => {
    const s: Schedule = {
      kind: "spread",
      postsPerDay: 3,
      window: { start: "09:00", end: "18:00" },
      timezone: "Europe/Berlin",
    };
    expect(slotMinutes(s)).toEqual([630, 810, 990]); // 10:30, 13:30, 16:30
    expect(iso(nextSlots(s, at("2026-07-01T00:00:00Z"), 3))).toEqual([
      "2026-07-01T08:30Z",
      "2026-07-01T11:30Z",
      "2026-07-01T14:30Z",
    ]);
  });

  it("respects quiet hours", () => {
    const s: Schedule = {
      kind: "spread",
      postsPerDay: 4,
      window: { start: "08:00", end: "22:00" },
      timezone: "UTC",
      quietHours: { start: "13:00", end: "17:00" },
    };
    expect(iso(nextSlots(s, at("2026-06-01T00:00:00Z"), 3))).toEqual([
      "2026-06-01T09:45Z",
      "2026-06-01T20:15Z",
      "2026-06-02T09:45Z",
    ]);
  });

  it("supports a window that runs past midnight", () => {
    const s: Schedule = { kind: "spread", postsPerDay: 2, window: { start: "20:00", end: "02:00" }, timezone: "UTC" };
    expect(iso(nextSlots(s, at("2026-06-01T12:00:00Z"), 3))).toEqual([
      "2026-06-01T21:30Z",
      "2026-06-02T00:30Z",
      "2026-06-02T21:30Z",
    ]);
  });

  it("stays at the same local times across Berlin's spring change", () => {
    const s: Schedule = {
      kind: "spread",
      postsPerDay: 2,
      window: { start: "08:00", end: "22:00" },
      timezone: "Europe/Berlin",
    };
    expect(iso(nextSlots(s, at("2026-03-28T00:00:00Z"), 4))).toEqual([
      "2026-03-28T10:30Z", // 11:30 CET
      "2026-03-28T17:30Z",
      "2026-03-29T09:30Z", // 11:30 CEST
      "2026-03-29T16:30Z",
    ]);
  });
});

describe("schedule validation", () => {
  const bad = (input: unknown) => {
    try {
      parseSchedule(input);
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("bad_request");
      return (err as AppError).message;
    }
    throw new Error("expected a validation error");
  };

  it("names the field", () => {
    expect(bad({ kind: "times", times: ["09:00"], timezone: "Mars/Olympus" })).toBe(
      "schedule.timezone: not an IANA time zone (e.g. Europe/Berlin)",
    );
    expect(bad({ kind: "times", times: ["09:00", "9am"], timezone: "UTC" })).toBe(
      "schedule.times[1]: expected HH:MM (24-hour)",
    );
    expect(bad({ kind: "spread", postsPerDay: 0, window: { start: "08:00", end: "22:00" }, timezone: "UTC" })).toMatch(
      /^schedule\.postsPerDay: /,
    );
    expect(bad({ kind: "spread", postsPerDay: 2, window: { start: "08:00", end: "08:00" }, timezone: "UTC" })).toBe(
      "schedule.window.end: start and end must differ",
    );
    expect(bad({ kind: "weekly" })).toMatch(/^schedule\.kind: /);
    expect(
      bad({ kind: "times", times: ["23:00"], timezone: "UTC", quietHours: { start: "22:00", end: "07:00" } }),
    ).toBe("schedule.quietHours: quiet hours cover every posting time of the schedule");
  });

  it("nextSlots rejects an invalid timezone too", () => {
    expect(() => nextSlots({ kind: "times", times: ["09:00"], timezone: "Nowhere/City" }, 0, 1)).toThrow(
      /schedule\.timezone/,
    );
  });
});

describe("zonedToUtc", () => {
  it("maps ordinary, missing and repeated local times", () => {
    const local = (s: string) => Date.parse(`${s}Z`);
    expect(zonedToUtc(local("2026-07-01T09:00:00"), "America/New_York")).toBe(at("2026-07-01T13:00:00Z"));
    expect(zonedToUtc(local("2026-03-08T02:00:00"), "America/New_York")).toBe(at("2026-03-08T07:00:00Z")); // → 03:00 EDT
    expect(zonedToUtc(local("2026-11-01T01:00:00"), "America/New_York")).toBe(at("2026-11-01T05:00:00Z")); // first 01:00
    expect(zonedToUtc(local("2026-07-01T09:00:00"), "Asia/Kolkata")).toBe(at("2026-07-01T03:30:00Z"));
  });
});
