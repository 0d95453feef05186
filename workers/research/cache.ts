import { and, eq, lt } from "drizzle-orm";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { researchCache } from "../db/schema/research-cache.ts";

// A read-through cache in D1 for search answers. Upstream search is slow and rate limited
// (public SearXNG instances, a per-user Threads quota), and trends move in hours, not seconds.

/** Any drizzle D1 database (with or without the app's schema attached). */
export type ResearchDb = BaseSQLiteDatabase<"async", unknown, Record<string, unknown>>;

export interface CacheKey {
  /** What is cached: "search" answers by default; other kinds keep their own rows. */
  kind?: string;
  topic: string;
  timeframe: string;
  source: string;
}

export interface CacheEntry<T> {
  value: T;
  fetchedAt: number;
  expiresAt: number;
}

export const DEFAULT_TTL_SECONDS = 3600;

/** "  Remote-Work  Burnout! " and "remote work burnout" share a row. */
export function normalizeTopic(topic: string): string {
  return topic
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export const cacheKeyString = (k: CacheKey): string =>
  [k.kind ?? "search", k.source, k.timeframe, normalizeTopic(k.topic)].join("|");

/** The entry whether fresh or expired; `fresh` says which. Unparsable payloads count as absent. */
export async function readCache<T>(
  db: ResearchDb,
  key: CacheKey,
  now: number,
): Promise<(CacheEntry<T> & { fresh: boolean }) | null> {
  const rows = await db
    .select()
    .from(researchCache)
    .where(eq(researchCache.key, cacheKeyString(key)))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  try {
    return {
      value: JSON.parse(row.payload) as T,
      fetchedAt: row.fetchedAt,
      expiresAt: row.expiresAt,
      fresh: row.expiresAt > now,
    };
  } catch {
    return null;
  }
}

export async function writeCache<T>(
  db: ResearchDb,
  key: CacheKey,
  value: T,
  ttlSeconds: number,
  now: number,
): Promise<CacheEntry<T>> {
  const row = {
    key: cacheKeyString(key),
    kind: key.kind ?? "search",
    source: key.source,
    timeframe: key.timeframe,
    topic: normalizeTopic(key.topic),
    payload: JSON.stringify(value),
    fetchedAt: now,
    expiresAt: now + Math.max(0, ttlSeconds) * 1000,
  };
  const { key: _k, ...update } = row;
  await db.insert(researchCache).values(row).onConflictDoUpdate({ target: researchCache.key, set: update });
  return { value, fetchedAt: row.fetchedAt, expiresAt: row.expiresAt };
}

export interface GetOrFetchOptions<T> {
  /** Return false to pass a value through without caching it (e.g. an empty answer). */
  shouldCache?: (value: T) => boolean;
  /** D1 trouble never blocks fresh data: it is reported here and the cache is bypassed. */
  onStorageError?: (err: unknown) => void;
}

export interface Fetched<T> {
  value: T;
  cached: boolean;
  fetchedAt: number;
}

/** Serves a fresh entry, or calls `fetcher` and stores its answer for `ttlSeconds`. Fetcher errors propagate. */
export async function getOrFetch<T>(
  db: ResearchDb,
  key: CacheKey,
  ttlSeconds: number,
  fetcher: () => Promise<T>,
  now: number = Date.now(),
  opts: GetOrFetchOptions<T> = {},
): Promise<Fetched<T>> {
  try {
    const hit = await readCache<T>(db, key, now);
    if (hit?.fresh) return { value: hit.value, cached: true, fetchedAt: hit.fetchedAt };
  } catch (err) {
    opts.onStorageError?.(err);
  }
  const value = await fetcher();
  if (ttlSeconds > 0 && (opts.shouldCache?.(value) ?? true)) {
    try {
      await writeCache(db, key, value, ttlSeconds, now);
    } catch (err) {
      opts.onStorageError?.(err);
    }
  }
  return { value, cached: false, fetchedAt: now };
}

/** The last stored answer even if expired, for when the upstream is down; null if older than `maxStaleSeconds`. */
export async function readStale<T>(
  db: ResearchDb,
  key: CacheKey,
  now: number,
  maxStaleSeconds = Infinity,
): Promise<(CacheEntry<T> & { ageSeconds: number }) | null> {
  const entry = await readCache<T>(db, key, now);
  if (!entry) return null;
  const ageSeconds = Math.max(0, Math.round((now - entry.fetchedAt) / 1000));
  if (now - entry.expiresAt > maxStaleSeconds * 1000) return null;
  return { value: entry.value, fetchedAt: entry.fetchedAt, expiresAt: entry.expiresAt, ageSeconds };
}

/** Deletes rows expired for longer than `keepStaleSeconds` (for a daily cron); returns how many. */
export async function pruneCache(
  db: ResearchDb,
  now: number,
  keepStaleSeconds: number,
  kind?: string,
): Promise<number> {
  const cutoff = now - keepStaleSeconds * 1000;
  const where = kind
    ? and(lt(researchCache.expiresAt, cutoff), eq(researchCache.kind, kind))
    : lt(researchCache.expiresAt, cutoff);
  const deleted = await db.delete(researchCache).where(where).returning({ key: researchCache.key });
  return deleted.length;
}
