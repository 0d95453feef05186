import type { ObsDb } from "../db/observability-db.ts";
import { parseLabelKey } from "../metrics/labels.ts";
import { METRIC } from "../metrics/definitions.ts";
import type { Telemetry } from "../metrics/events.ts";
import { readCounters } from "../metrics/store.ts";
import type { ResearchDb } from "./cache.ts";
import type { SearchEvent } from "./search-service.ts";

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

/**
 * Records collected events as `search` telemetry: search_requests_total{source,outcome} (the
 * isolate's counters, flushed to D1 with the others) and one Analytics Engine data point each
 * (docs/analytics-engine.md). Never throws and makes no D1 round trip of its own.
 */
export function recordSearchEvents(
  telemetry: Pick<Telemetry, "record">,
  events: readonly SearchEvent[],
  personaId?: string,
): void {
  for (const e of events) {
    telemetry.record({
      type: "search",
      source: e.source,
      outcome: e.outcome,
      ...(e.durationMs === undefined ? {} : { duration_s: e.durationMs / 1000 }),
      ...(personaId ? { persona_id: personaId } : {}),
    });
  }
}
