import type { ObsDb } from "../db/observability-db.ts";
import { labelKey, parseLabelKey } from "../metrics/labels.ts";
import { METRIC } from "../metrics/definitions.ts";
import { addCounterDeltas, readCounters } from "../metrics/store.ts";
import type { ResearchDb } from "./cache.ts";
import type { SearchEvent } from "./search-service.ts";
import { logError } from "../log.ts";

// search_requests_total{source,outcome} lives with every other counter in metric_counters,
// so /metrics exposes it without a second store.

export interface SearchCounter {
  source: string;
  outcome: SearchEvent["outcome"];
  count: number;
}

const asObsDb = (db: ResearchDb) => db as unknown as ObsDb;

/** Every search counter, ordered by label values. */
export async function readSearchCounters(db: ResearchDb): Promise<SearchCounter[]> {
  const rows = await readCounters(asObsDb(db), [METRIC.searchRequests]);
  return rows
    .map((r) => {
      const labels = parseLabelKey(r.labels);
      return { source: labels.source ?? "", outcome: (labels.outcome ?? "") as SearchEvent["outcome"], count: r.value };
    })
    .sort((a, b) => a.source.localeCompare(b.source) || a.outcome.localeCompare(b.outcome));
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
    const deltas = events.map((e) => ({ name: METRIC.searchRequests, labels: labelKey({ source: e.source, outcome: e.outcome }), delta: 1 }));
    await addCounterDeltas(asObsDb(db), deltas, now);
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    logError("search_counters.write_failed", { error: message });
    return `search metrics not recorded: ${message}`;
  }
}
