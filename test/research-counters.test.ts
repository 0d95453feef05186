import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { flushSearchEvents, readSearchCounters, searchEventLog } from "../workers/research/counters.ts";

const db = drizzle(env.DB);

describe("search_requests_total in the shared metric counters", () => {
  it("keeps concurrent flushes exact (one upsert each, no read-modify-write)", async () => {
    const event = { source: "searxng", outcome: "error" } as const;
    await Promise.all(Array.from({ length: 20 }, () => flushSearchEvents(db, [event])));
    await flushSearchEvents(db, [{ source: "searxng", outcome: "hit" }, { source: "searxng", outcome: "hit" }]);
    expect(await readSearchCounters(db)).toEqual([
      { source: "searxng", outcome: "error", count: 20 },
      { source: "searxng", outcome: "hit", count: 2 },
    ]);
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
