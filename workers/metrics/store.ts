import { inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { ObsDb } from "../db/observability-db.ts";
import { metricCounters } from "../db/schema/metric-counters.ts";

export type CounterDelta = { name: string; labels: string; delta: number };
export type StoredCounter = { name: string; labels: string; value: number };

// D1 allows 100 bound parameters per statement; each row binds 4.
const ROWS_PER_STATEMENT = 20;

/**
 * Adds deltas to the durable counters in one D1 batch (one round trip, atomic).
 * `value = value + excluded.value` makes concurrent isolates' increments commute.
 */
export async function addCounterDeltas(db: ObsDb, deltas: readonly CounterDelta[], now: number): Promise<void> {
  if (deltas.length === 0) return;
  const statements: BatchItem<"sqlite">[] = [];
  for (let i = 0; i < deltas.length; i += ROWS_PER_STATEMENT) {
    const rows = deltas.slice(i, i + ROWS_PER_STATEMENT).map((d) => ({
      name: d.name,
      labels: d.labels,
      value: d.delta,
      updatedAt: now,
    }));
    statements.push(
      db
        .insert(metricCounters)
        .values(rows)
        .onConflictDoUpdate({
          target: [metricCounters.name, metricCounters.labels],
          set: { value: sql`${metricCounters.value} + excluded.value`, updatedAt: now },
        }),
    );
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

export async function readCounters(db: ObsDb, names: readonly string[]): Promise<StoredCounter[]> {
  if (names.length === 0) return [];
  return db
    .select({ name: metricCounters.name, labels: metricCounters.labels, value: metricCounters.value })
    .from(metricCounters)
    .where(inArray(metricCounters.name, [...names]))
    .orderBy(metricCounters.name, metricCounters.labels);
}
