import type { IndexProgress, VectorIndex, VectorItem, VectorMatch, VectorQueryOptions, WriteReceipt } from "./types.ts";
import { cosineSimilarity, l2Norm } from "./validate.ts";

// Vectorize applies mutations asynchronously: a vector upserted now is queryable only seconds
// later, and a deleted one keeps matching for a while. Dedup checks each new post against the
// post stored just before it, so this decorator remembers recent writes and corrects query
// results with them: recent upserts are scored exactly and merged in, recent deletes are
// filtered out. A write is forgotten once the index reports it applied — its mutationId is the
// index's processedUpToMutation, or a later one of ours is, or processedUpToDatetime has passed
// it (mutations apply in order) — not after a guessed delay. Writes without a mutation id (a
// synchronous or V1 index) fall back to `fallbackHoldMs`. In memory on purpose: it lives as long
// as the PersonaAgent instance.

interface Recent {
  item: VectorItem | null; // null: deleted
  at: number;
  /** Position of the last mutation of the write that produced this entry (undefined: untracked). */
  position?: number;
}

/** Our clock and Vectorize's are both Cloudflare's, but not the same clock. */
const CLOCK_MARGIN_MS = 2_000;
/** Even a tracked write is dropped after this, so a stalled index cannot grow the map forever. */
const MAX_HOLD_MS = 3_600_000;

export class RecentWritesIndex implements VectorIndex {
  private readonly recent = new Map<string, Map<string, Recent>>();
  /** Our mutation ids, in the order we sent them. */
  private readonly positions = new Map<string, number>();
  private nextPosition = 0;

  constructor(
    private readonly inner: VectorIndex,
    private readonly fallbackHoldMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get dimensions(): number {
    return this.inner.dimensions;
  }

  async upsert(namespace: string, items: VectorItem[]): Promise<WriteReceipt | void> {
    const receipt = await this.inner.upsert(namespace, items);
    const entry = this.track(receipt);
    for (const item of items) this.writes(namespace).set(item.id, { item, ...entry });
    return receipt;
  }

  async delete(namespace: string, ids: string[]): Promise<WriteReceipt | void> {
    const receipt = await this.inner.delete(namespace, ids);
    const entry = this.track(receipt);
    for (const id of ids) this.writes(namespace).set(id, { item: null, ...entry });
    return receipt;
  }

  progress(): Promise<IndexProgress> {
    return this.inner.progress ? this.inner.progress() : Promise.resolve({});
  }

  async query(namespace: string, vector: number[], opts: VectorQueryOptions): Promise<VectorMatch[]> {
    // A zero vector is similar to nothing (the adapters' contract); recent writes are no exception.
    if (l2Norm(vector) === 0) return this.inner.query(namespace, vector, opts);
    let writes = this.writes(namespace);
    if (this.inner.progress && [...writes.values()].some((w) => w.position !== undefined)) {
      this.forgetApplied(await this.inner.progress());
      writes = this.writes(namespace);
    }
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

  /** Writes still patched in, for diagnostics and tests. */
  pendingWrites(): number {
    let n = 0;
    for (const map of this.recent.values()) n += map.size;
    return n;
  }

  private track(receipt: WriteReceipt | void): { at: number; position?: number } {
    const at = this.now();
    const ids = receipt?.mutationIds ?? [];
    for (const id of ids) this.positions.set(id, this.nextPosition++);
    return ids.length > 0 ? { at, position: this.nextPosition - 1 } : { at };
  }

  private forgetApplied(p: IndexProgress): void {
    const upTo = p.processedUpToMutation === undefined ? undefined : this.positions.get(p.processedUpToMutation);
    const before = p.processedUpToDatetime;
    for (const map of this.recent.values()) {
      for (const [id, w] of map) {
        if (w.position === undefined) continue;
        const applied =
          (upTo !== undefined && w.position <= upTo) || (before !== undefined && w.at + CLOCK_MARGIN_MS <= before);
        if (applied) map.delete(id);
      }
    }
    // Positions older than every held write can no longer matter.
    let oldest = Infinity;
    for (const map of this.recent.values())
      for (const w of map.values()) if (w.position !== undefined) oldest = Math.min(oldest, w.position);
    for (const [id, pos] of this.positions)
      if (pos < oldest || (upTo !== undefined && pos <= upTo)) this.positions.delete(id);
  }

  /** This namespace's writes still held (untracked ones for fallbackHoldMs, tracked ones at most MAX_HOLD_MS). */
  private writes(namespace: string): Map<string, Recent> {
    let map = this.recent.get(namespace);
    if (!map) this.recent.set(namespace, (map = new Map()));
    const now = this.now();
    for (const [id, w] of map)
      if (w.at < now - (w.position === undefined ? this.fallbackHoldMs : MAX_HOLD_MS)) map.delete(id);
    return map;
  }
}
