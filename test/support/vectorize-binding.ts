// In-memory double of a Vectorize V2 index binding, with the semantics our adapter depends on
// (docs/conformance.md, "Vectorize"), so its tests are meaningful:
// - V2 shapes: insert/upsert/deleteByIds answer {mutationId}; describe() answers
//   {vectorCount, dimensions, processedUpToDatetime, processedUpToMutation}
//   (https://developers.cloudflare.com/vectorize/ — VectorizeAsyncMutation, VectorizeIndexInfo).
// - Mutation lag: writes are queued and applied only by processMutations() (or at once with
//   `lag: false`); queries, getByIds and describe see the applied state only.
// - Approximate scores: without returnValues, scores come from coarsely quantized vectors, so they
//   differ slightly from the exact cosine; with returnValues: true they are exact.
// - ids are unique per index (namespace is an attribute); deleteByIds/getByIds ignore namespaces;
//   query without `namespace` searches every vector.
// - topK defaults to 5, max 20 with returnValues or returnMetadata "all", else 100
//   (https://developers.cloudflare.com/vectorize/platform/limits/).
// - returnMetadata defaults to "none"; "indexed" returns only properties with a metadata index.
// - `filter` only matches properties with a metadata index, applied before topK, and only for
//   vectors written after that index was created (createMetadataIndex): earlier vectors are not
//   filterable until they are upserted again.
// - wrong-length vectors are rejected; ids over 64 bytes are rejected; metric "cosine".
// Error texts imitate, not copy, the platform's.

type Filter = VectorizeVectorMetadataFilter;
type Scalar = string | number | boolean | null;

interface Stored {
  id: string;
  namespace?: string;
  values: number[];
  metadata?: Record<string, VectorizeVectorMetadata>;
  /** Metadata properties indexed when this vector was written. */
  indexed: Set<string>;
}

type Mutation = { id: string; at: number } & (
  | { kind: "write"; vectors: VectorizeVector[]; insert: boolean }
  | { kind: "delete"; ids: string[] }
);

export interface VectorizeDoubleOptions {
  dimensions: number;
  /** Properties with a metadata index from the start (`wrangler vectorize create-metadata-index`). */
  metadataIndexes?: string[];
  /** Queue mutations until processMutations() (default true, as on Vectorize). */
  lag?: boolean;
  now?: () => number;
}

export class VectorizeBindingDouble {
  readonly dimensions: number;
  readonly metadataIndexes: Set<string>;
  /** The applied state (what queries see). */
  readonly vectors = new Map<string, Stored>();
  /** Every call, for assertions on what the adapter sent. */
  readonly calls: { method: string; args: unknown }[] = [];
  private readonly pending: Mutation[] = [];
  private readonly lag: boolean;
  private readonly now: () => number;
  private processedUpTo: { id: string; at: number } = { id: "", at: 0 };
  private seq = 0;

  constructor(opts: VectorizeDoubleOptions) {
    this.dimensions = opts.dimensions;
    this.metadataIndexes = new Set(opts.metadataIndexes ?? []);
    this.lag = opts.lag ?? true;
    this.now = opts.now ?? Date.now;
  }

  /** Applies the first `n` queued mutations (all by default), as Vectorize does seconds later. */
  processMutations(n = Infinity): number {
    let done = 0;
    while (this.pending.length > 0 && done < n) {
      const m = this.pending.shift() as Mutation;
      if (m.kind === "write") {
        for (const v of m.vectors) {
          this.vectors.set(v.id, {
            id: v.id,
            ...(v.namespace === undefined ? {} : { namespace: v.namespace }),
            values: Array.from(v.values),
            ...(v.metadata === undefined ? {} : { metadata: structuredClone(v.metadata) }),
            indexed: new Set(this.metadataIndexes),
          });
        }
      } else {
        for (const id of m.ids) this.vectors.delete(id);
      }
      this.processedUpTo = { id: m.id, at: m.at };
      done++;
    }
    return done;
  }

  get pendingMutations(): number {
    return this.pending.length;
  }

  /** `wrangler vectorize create-metadata-index`: applies to vectors written from now on. */
  createMetadataIndex(property: string): void {
    this.metadataIndexes.add(property);
  }

  async describe(): Promise<VectorizeIndexInfo> {
    this.calls.push({ method: "describe", args: [] });
    return {
      vectorCount: this.vectors.size,
      dimensions: this.dimensions,
      processedUpToDatetime: this.processedUpTo.at,
      // The platform types this as number although it documents a UUID; the double sends the id.
      processedUpToMutation: this.processedUpTo.id as unknown as number,
    };
  }

  async insert(vectors: VectorizeVector[]): Promise<VectorizeAsyncMutation> {
    this.calls.push({ method: "insert", args: vectors });
    this.validate(vectors);
    for (const v of vectors) {
      if (this.vectors.has(v.id)) throw new Error(`VECTOR_INSERT_ERROR: vector id '${v.id}' already exists`);
    }
    return this.enqueue({ kind: "write", vectors: structuredClone(vectors), insert: true });
  }

  async upsert(vectors: VectorizeVector[]): Promise<VectorizeAsyncMutation> {
    this.calls.push({ method: "upsert", args: vectors });
    this.validate(vectors);
    return this.enqueue({ kind: "write", vectors: structuredClone(vectors), insert: false });
  }

  async deleteByIds(ids: string[]): Promise<VectorizeAsyncMutation> {
    this.calls.push({ method: "deleteByIds", args: ids });
    return this.enqueue({ kind: "delete", ids: [...ids] });
  }

  async getByIds(ids: string[]): Promise<VectorizeVector[]> {
    this.calls.push({ method: "getByIds", args: ids });
    return ids.flatMap((id) => {
      const v = this.vectors.get(id);
      return v
        ? [
            {
              id: v.id,
              values: [...v.values],
              ...(v.namespace ? { namespace: v.namespace } : {}),
              ...(v.metadata ? { metadata: structuredClone(v.metadata) } : {}),
            },
          ]
        : [];
    });
  }

  async query(vector: VectorFloatArray | number[], options: VectorizeQueryOptions = {}): Promise<VectorizeMatches> {
    this.calls.push({ method: "query", args: { vector: Array.from(vector), options } });
    const topK = options.topK ?? 5;
    const level =
      options.returnMetadata === true
        ? "all"
        : options.returnMetadata === false
          ? "none"
          : (options.returnMetadata ?? "none");
    const max = options.returnValues || level === "all" ? 20 : 100;
    if (topK < 1 || topK > max) throw new Error(`VECTOR_QUERY_ERROR: topK must be between 1 and ${max} for this query`);
    if (vector.length !== this.dimensions) {
      throw new Error(
        `VECTOR_QUERY_ERROR: query vector has ${vector.length} dimensions, index expects ${this.dimensions}`,
      );
    }
    const q = Array.from(vector);
    const candidates = [...this.vectors.values()].filter(
      (v) => (options.namespace === undefined || v.namespace === options.namespace) && this.matches(v, options.filter),
    );
    const score = (v: Stored) => (options.returnValues ? cosine(q, v.values) : cosine(quantize(q), quantize(v.values)));
    const scored = candidates.map((v) => ({ v, score: score(v) })).sort((a, b) => b.score - a.score);
    const matches: VectorizeMatch[] = scored.slice(0, topK).map(({ v, score: s }) => ({
      id: v.id,
      score: s,
      ...(v.namespace === undefined ? {} : { namespace: v.namespace }),
      ...(options.returnValues ? { values: [...v.values] } : {}),
      ...(level === "none" || !v.metadata ? {} : { metadata: this.pickMetadata(v.metadata, level) }),
    }));
    return { matches, count: matches.length };
  }

  private enqueue(m: Omit<Mutation, "id" | "at"> & Partial<Mutation>): VectorizeAsyncMutation {
    const mutation = {
      ...m,
      id: `00000000-0000-4000-8000-${String(++this.seq).padStart(12, "0")}`,
      at: this.now(),
    } as Mutation;
    this.pending.push(mutation);
    if (!this.lag) this.processMutations();
    return { mutationId: mutation.id };
  }

  private validate(vectors: VectorizeVector[]): void {
    for (const v of vectors) {
      if (v.values.length !== this.dimensions) {
        throw new Error(
          `VECTOR_UPSERT_ERROR: invalid vector for id="${v.id}", expected ${this.dimensions} dimensions, and got ${v.values.length} dimensions`,
        );
      }
      if (new TextEncoder().encode(v.id).length > 64)
        throw new Error(`VECTOR_UPSERT_ERROR: id '${v.id}' exceeds 64 bytes`);
    }
  }

  private pickMetadata(metadata: Record<string, VectorizeVectorMetadata>, level: "all" | "indexed") {
    if (level === "all") return structuredClone(metadata);
    return Object.fromEntries(Object.entries(metadata).filter(([k]) => this.metadataIndexes.has(k)));
  }

  private matches(v: Stored, filter: Filter | undefined): boolean {
    if (!filter) return true;
    return Object.entries(filter).every(([key, cond]) => {
      if (!v.indexed.has(key)) return false; // not indexed when this vector was written: never matches
      const raw = v.metadata?.[key];
      const value: Scalar = raw === undefined || typeof raw === "object" ? null : raw;
      if (cond === null || typeof cond !== "object") return value === cond;
      return Object.entries(cond).every(([op, operand]) => compare(value, op, operand as Scalar | Scalar[]));
    });
  }
}

function compare(value: Scalar, op: string, operand: Scalar | Scalar[]): boolean {
  if (Array.isArray(operand)) {
    if (op === "$in") return operand.includes(value);
    if (op === "$nin") return !operand.includes(value);
    throw new Error(`VECTOR_QUERY_ERROR: unsupported filter operator ${op} for a list`);
  }
  if (op === "$eq") return value === operand;
  if (op === "$ne") return value !== operand;
  if (value === null || operand === null || typeof value !== typeof operand) return false;
  switch (op) {
    case "$lt":
      return value < operand;
    case "$lte":
      return value <= operand;
    case "$gt":
      return value > operand;
    case "$gte":
      return value >= operand;
    default:
      throw new Error(`VECTOR_QUERY_ERROR: unsupported filter operator ${op}`);
  }
}

/** Coarse scalar quantization (31 levels over [-1, 1]) after normalising: what makes index scores approximate. */
function quantize(v: number[]): number[] {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => Math.round((x / norm) * 15) / 15);
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
