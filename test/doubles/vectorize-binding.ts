// In-memory double of the Vectorize binding (the `VectorizeIndex` type wrangler generates for
// env.VECTORIZE), with the semantics our adapter depends on, so its tests are meaningful:
// - ids are unique per index (namespace is an attribute; upsert moves a vector between namespaces),
//   deleteByIds/getByIds ignore namespaces; query without `namespace` searches every vector;
// - topK defaults to 5, max 20 with returnValues or returnMetadata "all"/true, else 100;
// - returnMetadata defaults to "none"; "indexed" returns only properties with a metadata index;
// - `filter` only matches properties that have a metadata index, and is applied before topK;
// - wrong-length vectors are rejected; scores are cosine similarity (metric "cosine").
// Error texts imitate, not copy, the platform's.

type Filter = VectorizeVectorMetadataFilter;
type Scalar = string | number | boolean | null;

interface Stored {
  id: string;
  namespace?: string;
  values: number[];
  metadata?: Record<string, VectorizeVectorMetadata>;
}

export interface VectorizeDoubleOptions {
  dimensions: number;
  /** Properties with a metadata index (`wrangler vectorize create-metadata-index`). */
  metadataIndexes?: string[];
}

export class VectorizeBindingDouble implements VectorizeIndex {
  readonly dimensions: number;
  readonly metadataIndexes: Set<string>;
  readonly vectors = new Map<string, Stored>();
  /** Every call, for assertions on what the adapter sent. */
  readonly calls: { method: string; args: unknown }[] = [];

  constructor(opts: VectorizeDoubleOptions) {
    this.dimensions = opts.dimensions;
    this.metadataIndexes = new Set(opts.metadataIndexes ?? []);
  }

  async describe(): Promise<VectorizeIndexDetails> {
    this.calls.push({ method: "describe", args: [] });
    return {
      id: "00000000-0000-0000-0000-000000000000",
      name: "threads-agent-posts",
      config: { dimensions: this.dimensions, metric: "cosine" },
      vectorsCount: this.vectors.size,
    };
  }

  async insert(vectors: VectorizeVector[]): Promise<VectorizeVectorMutation> {
    this.calls.push({ method: "insert", args: vectors });
    for (const v of vectors) {
      if (this.vectors.has(v.id)) throw new Error(`VECTOR_INSERT_ERROR: vector id '${v.id}' already exists`);
    }
    return this.write(vectors);
  }

  async upsert(vectors: VectorizeVector[]): Promise<VectorizeVectorMutation> {
    this.calls.push({ method: "upsert", args: vectors });
    return this.write(vectors);
  }

  async deleteByIds(ids: string[]): Promise<VectorizeVectorMutation> {
    this.calls.push({ method: "deleteByIds", args: ids });
    const deleted = ids.filter((id) => this.vectors.delete(id));
    return { ids: deleted, count: deleted.length };
  }

  async getByIds(ids: string[]): Promise<VectorizeVector[]> {
    this.calls.push({ method: "getByIds", args: ids });
    return ids.flatMap((id) => {
      const v = this.vectors.get(id);
      return v ? [structuredClone(v)] : [];
    });
  }

  async query(vector: VectorFloatArray | number[], options: VectorizeQueryOptions = {}): Promise<VectorizeMatches> {
    this.calls.push({ method: "query", args: { vector: Array.from(vector), options } });
    const topK = options.topK ?? 5;
    const level = options.returnMetadata === true ? "all" : options.returnMetadata === false ? "none" : (options.returnMetadata ?? "none");
    const max = options.returnValues || level === "all" ? 20 : 100;
    if (topK < 1 || topK > max) throw new Error(`VECTOR_QUERY_ERROR: topK must be between 1 and ${max} for this query`);
    if (vector.length !== this.dimensions) {
      throw new Error(`VECTOR_QUERY_ERROR: query vector has ${vector.length} dimensions, index expects ${this.dimensions}`);
    }
    const q = Array.from(vector);
    const candidates = [...this.vectors.values()].filter(
      (v) => (options.namespace === undefined || v.namespace === options.namespace) && this.matches(v, options.filter),
    );
    const scored = candidates.map((v) => ({ v, score: cosine(q, v.values) })).sort((a, b) => b.score - a.score);
    const matches: VectorizeMatch[] = scored.slice(0, topK).map(({ v, score }) => ({
      id: v.id,
      score,
      ...(v.namespace === undefined ? {} : { namespace: v.namespace }),
      ...(options.returnValues ? { values: [...v.values] } : {}),
      ...(level === "none" || !v.metadata ? {} : { metadata: this.pickMetadata(v.metadata, level) }),
    }));
    return { matches, count: matches.length };
  }

  private write(vectors: VectorizeVector[]): VectorizeVectorMutation {
    for (const v of vectors) {
      if (v.values.length !== this.dimensions) {
        throw new Error(
          `VECTOR_UPSERT_ERROR: invalid vector for id="${v.id}", expected ${this.dimensions} dimensions, and got ${v.values.length} dimensions`,
        );
      }
      if (new TextEncoder().encode(v.id).length > 64) throw new Error(`VECTOR_UPSERT_ERROR: id '${v.id}' exceeds 64 bytes`);
    }
    for (const v of vectors) {
      this.vectors.set(v.id, {
        id: v.id,
        ...(v.namespace === undefined ? {} : { namespace: v.namespace }),
        values: Array.from(v.values),
        ...(v.metadata === undefined ? {} : { metadata: structuredClone(v.metadata) }),
      });
    }
    return { ids: vectors.map((v) => v.id), count: vectors.length };
  }

  private pickMetadata(metadata: Record<string, VectorizeVectorMetadata>, level: "all" | "indexed") {
    if (level === "all") return structuredClone(metadata);
    return Object.fromEntries(Object.entries(metadata).filter(([k]) => this.metadataIndexes.has(k)));
  }

  private matches(v: Stored, filter: Filter | undefined): boolean {
    if (!filter) return true;
    return Object.entries(filter).every(([key, cond]) => {
      if (!this.metadataIndexes.has(key)) return false; // unindexed properties never match
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
    case "$lt": return value < operand;
    case "$lte": return value <= operand;
    case "$gt": return value > operand;
    case "$gte": return value >= operand;
    default: throw new Error(`VECTOR_QUERY_ERROR: unsupported filter operator ${op}`);
  }
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
