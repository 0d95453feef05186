import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { flushSearchEvents, incrementSearchCounter, readSearchCounters, searchEventLog } from "../workers/research/counters.ts";

const db = drizzle(env.DB);

describe("search_requests_total counters in D1", () => {
  it("creates a counter per (source, outcome) and increments it in place", async () => {
    expect(await readSearchCounters(db)).toEqual([]);
    await incrementSearchCounter(db, { source: "searxng", outcome: "miss" });
    await incrementSearchCounter(db, { source: "searxng", outcome: "miss" });
    await incrementSearchCounter(db, { source: "searxng", outcome: "hit" }, Date.now(), 3);
    await incrementSearchCounter(db, { source: "offline", outcome: "miss" });
    expect(await readSearchCounters(db)).toEqual([
      { source: "offline", outcome: "miss", count: 1 },
      { source: "searxng", outcome: "hit", count: 3 },
      { source: "searxng", outcome: "miss", count: 2 },
    ]);
  });

  it("keeps concurrent increments (one upsert each, no read-modify-write)", async () => {
    await Promise.all(Array.from({ length: 20 }, () => incrementSearchCounter(db, { source: "searxng", outcome: "error" })));
    expect(await readSearchCounters(db)).toEqual([{ source: "searxng", outcome: "error", count: 20 }]);
  });

  it("writes what an onSearch log collected, and reports rather than throws when D1 fails", async () => {
    const log = searchEventLog();
    log.onSearch({ source: "searxng", outcome: "error", errorKind: "timeout" });
    log.onSearch({ source: "offline", outcome: "miss" });
    expect(await flushSearchEvents(db, log.events)).toBeNull();
    expect(await readSearchCounters(db)).toEqual([
      { source: "offline", outcome: "miss", count: 1 },
      { source: "searxng", outcome: "error", count: 1 },
    ]);
    const broken = drizzle({ prepare: () => { throw new Error("D1 is down"); } } as unknown as D1Database);
    expect(await flushSearchEvents(broken, log.events)).toBe("search metrics not recorded: D1 is down");
  });
});
