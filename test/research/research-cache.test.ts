import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import * as schema from "../../workers/db/schema/index.ts";
import {
  cacheKeyString,
  getOrFetch,
  normalizeTopic,
  pruneCache,
  readCache,
  readStale,
  writeCache,
} from "../../workers/research/cache.ts";
import type { ResearchDb } from "../../workers/research/cache.ts";

// The app opens D1 with its schema attached; the cache must accept that handle as well as a bare one.
const db: ResearchDb = drizzle(env.DB, { schema });
const bare: ResearchDb = drizzle(env.DB);
const T0 = Date.UTC(2026, 10, 20, 12);

function counter<T>(value: T) {
  const calls: number[] = [];
  return { calls, fetch: async () => (calls.push(calls.length), value) };
}

describe("research cache", () => {
  it("normalises the topic into the key", () => {
    expect(normalizeTopic("  Remote-Work   BURNOUT! ")).toBe("remote work burnout");
    const a = cacheKeyString({ topic: "Remote work", timeframe: "week", source: "searxng" });
    expect(a).toBe(cacheKeyString({ topic: "remote   WORK", timeframe: "week", source: "searxng" }));
    expect(a).not.toBe(cacheKeyString({ topic: "remote work", timeframe: "day", source: "searxng" }));
    expect(a).not.toBe(cacheKeyString({ topic: "remote work", timeframe: "week", source: "offline" }));
  });

  it("a second call within the TTL is served from D1 and says so", async () => {
    const key = { topic: "ttl topic", timeframe: "week", source: "test" };
    const f = counter({ n: 1 });
    const first = await getOrFetch(db, key, 3600, f.fetch, T0);
    const second = await getOrFetch(bare, { ...key, topic: "TTL  topic" }, 3600, f.fetch, T0 + 3599_000);
    expect(first).toEqual({ value: { n: 1 }, cached: false, fetchedAt: T0 });
    expect(second).toEqual({ value: { n: 1 }, cached: true, fetchedAt: T0 });
    expect(f.calls).toHaveLength(1);
  });

  it("refetches after expiry and replaces the entry", async () => {
    const key = { topic: "expiry", timeframe: "week", source: "test" };
    await getOrFetch(db, key, 60, async () => "old", T0);
    const later = await getOrFetch(db, key, 60, async () => "new", T0 + 61_000);
    expect(later).toEqual({ value: "new", cached: false, fetchedAt: T0 + 61_000 });
    expect(await readCache(db, key, T0 + 62_000)).toMatchObject({ value: "new", fresh: true, expiresAt: T0 + 121_000 });
  });

  it("does not store values shouldCache rejects, and lets fetcher errors through", async () => {
    const key = { topic: "empty", timeframe: "week", source: "test" };
    await getOrFetch(db, key, 3600, async () => [], T0, { shouldCache: (v) => v.length > 0 });
    expect(await readCache(db, key, T0)).toBeNull();
    await expect(getOrFetch(db, key, 3600, async () => Promise.reject(new Error("down")), T0)).rejects.toThrow("down");
  });

  it("keeps expired entries for stale reads, within a bound", async () => {
    const key = { topic: "stale", timeframe: "week", source: "test" };
    await writeCache(db, key, { trends: ["x"] }, 60, T0);
    const hourLater = T0 + 3600_000;
    expect(await readCache(db, key, hourLater)).toMatchObject({ fresh: false });
    expect(await readStale(db, key, hourLater)).toMatchObject({ value: { trends: ["x"] }, ageSeconds: 3600 });
    expect(await readStale(db, key, hourLater, 600)).toBeNull();
    expect(await readStale(db, { ...key, topic: "never stored" }, hourLater)).toBeNull();
  });

  it("reports D1 trouble and still fetches fresh data", async () => {
    const broken = drizzle(env.DB);
    const failing = new Proxy(broken, {
      get(target, prop, receiver) {
        if (prop === "select" || prop === "insert")
          return () => {
            throw new Error("D1 unavailable");
          };
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const errors: unknown[] = [];
    const got = await getOrFetch(
      failing,
      { topic: "d1 down", timeframe: "week", source: "test" },
      60,
      async () => 42,
      T0,
      { onStorageError: (e) => errors.push(e) },
    );
    expect(got).toEqual({ value: 42, cached: false, fetchedAt: T0 });
    expect(errors).toHaveLength(2);
  });

  it("prunes rows expired longer than the keep window", async () => {
    await writeCache(db, { topic: "prune old", timeframe: "week", source: "test" }, 1, 60, T0);
    await writeCache(db, { topic: "prune fresh", timeframe: "week", source: "test" }, 1, 3 * 86_400, T0);
    const removed = await pruneCache(db, T0 + 2 * 86_400_000, 86_400);
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await readCache(db, { topic: "prune old", timeframe: "week", source: "test" }, T0)).toBeNull();
    expect(await readCache(db, { topic: "prune fresh", timeframe: "week", source: "test" }, T0)).not.toBeNull();
  });
});
