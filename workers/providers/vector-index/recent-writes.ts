import type { VectorIndex, VectorItem, VectorMatch, VectorQueryOptions } from "./types.ts";
import { cosineSimilarity } from "./validate.ts";

// Vectorize applies mutations asynchronously: a vector upserted now is queryable only seconds
// later, and a deleted one keeps matching for a while. Dedup checks each new post against the
// post stored just before it, so this decorator remembers the writes of the last `holdMs` and
// corrects query results with them: recent upserts are scored exactly and merged in, recent
// deletes are filtered out. In memory on purpose: it lives as long as the PersonaAgent instance,
// which is far longer than the seconds that matter.

interface Recent {
  item: VectorItem | null; // null: deleted
  at: number;
}

export class RecentWritesIndex implements VectorIndex {
  private readonly recent = new Map<string, Map<string, Recent>>();

  constructor(
    private readonly inner: VectorIndex,
    private readonly holdMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get dimensions(): number {
    return this.inner.dimensions;
  }

  async upsert(namespace: string, items: VectorItem[]): Promise<void> {
    await this.inner.upsert(namespace, items);
    const at = this.now();
    for (const item of items) this.writes(namespace).set(item.id, { item, at });
  }

  async delete(namespace: string, ids: string[]): Promise<void> {
    await this.inner.delete(namespace, ids);
    const at = this.now();
    for (const id of ids) this.writes(namespace).set(id, { item: null, at });
  }

  async query(namespace: string, vector: number[], opts: VectorQueryOptions): Promise<VectorMatch[]> {
    const writes = this.writes(namespace);
    // Ask for extra so that filtering out recent deletes still leaves topK.
    const found = await this.inner.query(namespace, vector, { ...opts, topK: opts.topK + writes.size });
    const merged = new Map<string, VectorMatch>();
    for (const m of found) if (!writes.has(m.id)) merged.set(m.id, m);
    for (const [id, { item }] of writes) {
      if (!item || (opts.createdAfter !== undefined && item.metadata.created_at < opts.createdAfter)) continue;
      merged.set(id, { id, score: cosineSimilarity(vector, item.values), metadata: item.metadata });
    }
    return [...merged.values()].sort((a, b) => b.score - a.score).slice(0, opts.topK);
  }

  /** This namespace's writes still inside the hold window (older ones are forgotten here). */
  private writes(namespace: string): Map<string, Recent> {
    let map = this.recent.get(namespace);
    if (!map) this.recent.set(namespace, (map = new Map()));
    const cutoff = this.now() - this.holdMs;
    for (const [id, w] of map) if (w.at < cutoff) map.delete(id);
    return map;
  }
}
