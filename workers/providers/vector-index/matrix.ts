import type { VectorMatch, VectorMetadata } from "./types.ts";

// The search core of the local index: one namespace's vectors as rows of a single Float32Array,
// each row L2-normalised on the way in, so a query is one normalisation plus a dot product per
// row. Kept free of Workers APIs so the benchmark measures this exact code in Node.
// Rows are packed (deletes swap the last row into the hole) so a scan never skips gaps.

export class VectorMatrix {
  readonly dimensions: number;
  private data: Float32Array;
  private ids: string[] = [];
  private postIds: string[] = [];
  private createdAt: Float64Array;
  private rowOf = new Map<string, number>();

  constructor(dimensions: number, initialCapacity = 64) {
    this.dimensions = dimensions;
    const capacity = Math.max(1, initialCapacity);
    this.data = new Float32Array(capacity * dimensions);
    this.createdAt = new Float64Array(capacity);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Bytes held by the typed arrays (ids and the Map are extra, ~100 B per row in V8). */
  get byteLength(): number {
    return this.data.byteLength + this.createdAt.byteLength;
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  /** Insert or replace. `values` need not be normalised; a zero vector is stored as zeros. */
  set(id: string, values: ArrayLike<number>, metadata: VectorMetadata): void {
    const offset = this.rowFor(id, metadata) * this.dimensions; // first: it may grow (replace) this.data
    writeNormalised(this.data, offset, values, this.dimensions);
  }

  /** Adds a row whose values are already unit-length Float32 (the SQLite blob), skipping a copy pass. */
  setNormalised(id: string, unit: Float32Array, metadata: VectorMetadata): void {
    const offset = this.rowFor(id, metadata) * this.dimensions; // first: it may grow (replace) this.data
    this.data.set(unit, offset);
  }

  /** The row holding `id` (appended when new), with its metadata recorded. */
  private rowFor(id: string, metadata: VectorMetadata): number {
    let row = this.rowOf.get(id);
    if (row === undefined) {
      row = this.ids.length;
      this.ensureCapacity(row + 1);
      this.ids.push(id);
      this.postIds.push(metadata.post_id);
      this.rowOf.set(id, row);
    } else {
      this.postIds[row] = metadata.post_id;
    }
    this.createdAt[row] = metadata.created_at;
    return row;
  }

  delete(id: string): boolean {
    const row = this.rowOf.get(id);
    if (row === undefined) return false;
    const last = this.ids.length - 1;
    if (row !== last) {
      const d = this.dimensions;
      this.data.copyWithin(row * d, last * d, (last + 1) * d);
      const movedId = this.ids[last] as string;
      this.ids[row] = movedId;
      this.postIds[row] = this.postIds[last] as string;
      this.createdAt[row] = this.createdAt[last] as number;
      this.rowOf.set(movedId, row);
    }
    this.ids.pop();
    this.postIds.pop();
    this.rowOf.delete(id);
    return true;
  }

  /** Exact top-K by cosine. A zero query vector matches nothing. */
  search(query: ArrayLike<number>, topK: number, createdAfter?: number): VectorMatch[] {
    const d = this.dimensions;
    const q = new Float32Array(d);
    if (!writeNormalised(q, 0, query, d)) return [];
    const n = this.ids.length;
    const k = Math.min(topK, n);
    if (k <= 0) return [];
    // Best-so-far kept sorted descending; k is small for dedup (1..20), so insertion is cheapest.
    const topScores = new Float64Array(k).fill(-Infinity);
    const topRows = new Int32Array(k).fill(-1);
    let filled = 0;
    const data = this.data;
    for (let row = 0; row < n; row++) {
      if (createdAfter !== undefined && (this.createdAt[row] as number) < createdAfter) continue;
      const score = dot(data, row * d, q, d);
      if (filled === k && score <= (topScores[k - 1] as number)) continue;
      let pos = filled < k ? filled++ : k - 1;
      while (pos > 0 && (topScores[pos - 1] as number) < score) {
        topScores[pos] = topScores[pos - 1] as number;
        topRows[pos] = topRows[pos - 1] as number;
        pos--;
      }
      topScores[pos] = score;
      topRows[pos] = row;
    }
    const out: VectorMatch[] = [];
    for (let i = 0; i < filled; i++) {
      const row = topRows[i] as number;
      out.push({
        id: this.ids[row] as string,
        score: Math.max(-1, Math.min(1, topScores[i] as number)),
        metadata: { post_id: this.postIds[row] as string, created_at: this.createdAt[row] as number },
      });
    }
    return out;
  }

  private ensureCapacity(rows: number): void {
    const capacity = this.createdAt.length;
    if (rows <= capacity) return;
    const next = Math.max(rows, capacity * 2);
    const data = new Float32Array(next * this.dimensions);
    data.set(this.data.subarray(0, this.ids.length * this.dimensions));
    this.data = data;
    const createdAt = new Float64Array(next);
    createdAt.set(this.createdAt.subarray(0, this.ids.length));
    this.createdAt = createdAt;
  }
}

/** Writes values/|values| into target at offset; returns false (and writes zeros) for a zero vector. */
export function writeNormalised(target: Float32Array, offset: number, values: ArrayLike<number>, d: number): boolean {
  let sum = 0;
  for (let i = 0; i < d; i++) {
    const v = values[i] ?? 0;
    sum += v * v;
  }
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < d; i++) target[offset + i] = (values[i] ?? 0) * inv;
  return sum > 0;
}

// Measured in V8 (Node 22, 10k x 512): indexing a per-row subarray from 0 with four
// accumulators ran ~15% faster than a plain loop over the big array and ~2x faster than
// unrolling with offset arithmetic, which defeats bounds-check elimination.
function dot(data: Float32Array, offset: number, q: Float32Array, d: number): number {
  const row = data.subarray(offset, offset + d);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  const end = d - (d % 4);
  for (; i < end; i += 4) {
    s0 += (row[i] as number) * (q[i] as number);
    s1 += (row[i + 1] as number) * (q[i + 1] as number);
    s2 += (row[i + 2] as number) * (q[i + 2] as number);
    s3 += (row[i + 3] as number) * (q[i + 3] as number);
  }
  for (; i < d; i++) s0 += (row[i] as number) * (q[i] as number);
  return s0 + s1 + s2 + s3;
}
