import { asc, sql } from "drizzle-orm";
import { searchCounters } from "../db/schema/search-counters.ts";
import type { ResearchDb } from "./cache.ts";
import type { SearchEvent } from "./search-service.ts";

// search_requests_total{source,outcome} persisted in D1: isolates come and go, so an in-memory
// counter would reset; a single upsert per search keeps the count exact across all of them.

export const SEARCH_REQUESTS_METRIC = "search_requests_total";

export interface SearchCounter {
  source: string;
  outcome: SearchEvent["outcome"];
  count: number;
}

/** Adds `by` to the (source, outcome) counter, creating it at first use. */
export async function incrementSearchCounter(db: ResearchDb, e: Pick<SearchEvent, "source" | "outcome">, now: number = Date.now(), by = 1): Promise<void> {
  await db
    .insert(searchCounters)
    .values({ source: e.source, outcome: e.outcome, count: by, updatedAt: now })
    .onConflictDoUpdate({
      target: [searchCounters.source, searchCounters.outcome],
      set: { count: sql`${searchCounters.count} + ${by}`, updatedAt: now },
    });
}

/** Every counter, ordered by label values, for the metrics exposition. */
export async function readSearchCounters(db: ResearchDb): Promise<SearchCounter[]> {
  const rows = await db.select().from(searchCounters).orderBy(asc(searchCounters.source), asc(searchCounters.outcome));
  return rows.map((r) => ({ source: r.source, outcome: r.outcome as SearchCounter["outcome"], count: r.count }));
}

/**
 * Collects the events of one research call so they can be written after it: the `onSearch`
 * callback is synchronous, and a counter write must never delay or fail the search itself.
 */
export function searchEventLog(): { onSearch: (e: SearchEvent) => void; events: SearchEvent[] } {
  const events: SearchEvent[] = [];
  return { onSearch: (e) => void events.push(e), events };
}

/** Writes collected events; a D1 failure is reported, not thrown, since metrics are best effort. */
export async function flushSearchEvents(db: ResearchDb, events: readonly SearchEvent[], now: number = Date.now()): Promise<string | null> {
  try {
    for (const e of events) await incrementSearchCounter(db, e, now);
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(JSON.stringify({ event: "search_counters.write_failed", error: message }));
    return `search metrics not recorded: ${message}`;
  }
}
