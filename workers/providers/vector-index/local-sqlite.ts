import { AppError } from "../../errors.ts";
import { VectorMatrix, writeNormalised } from "./matrix.ts";
import type { VectorIndex, VectorItem, VectorMatch, VectorQueryOptions } from "./types.ts";
import { assertDimensions, assertNamespace, assertTopK, dimensionMismatch } from "./validate.ts";

// Exact cosine search over vectors kept durably in a Durable Object's SQLite.
// SQLite is the source of truth (unit-length Float32 BLOBs); each namespace is loaded once into
// an in-memory VectorMatrix because the DO instance outlives requests, and a scan of a packed
// Float32Array is far cheaper than reading 10k BLOBs per query. Writes go to SQLite first and are
// then applied to the loaded matrix. A per-namespace revision counter in SQLite lets a second
// index object over the same storage (or one created after a DO restart) notice foreign writes
// and reload instead of answering from a stale copy.
// The tables are created by the PersonaAgent's migrations (durable-objects/storage-schema.ts).

interface Loaded {
  matrix: VectorMatrix;
  rev: number;
}

export class LocalSqliteVectorIndex implements VectorIndex {
  readonly dimensions: number;
  private readonly sql: SqlStorage;
  private readonly loaded = new Map<string, Loaded>();

  constructor(sql: SqlStorage, dimensions: number) {
    if (!Number.isInteger(dimensions) || dimensions < 1) {
      throw new AppError("internal", `vector index dimensions must be a positive integer, got ${dimensions}`);
    }
    this.sql = sql;
    this.dimensions = dimensions;
    this.checkStoredDimensions();
  }

  async upsert(namespace: string, items: VectorItem[]): Promise<void> {
    assertNamespace(namespace);
    const unit = items.map((item) => {
      assertDimensions(item.values, this.dimensions, `vector '${item.id}'`);
      const v = new Float32Array(this.dimensions);
      if (!writeNormalised(v, 0, item.values, this.dimensions)) {
        throw new AppError("unprocessable", `vector '${item.id}' is all zeros and cannot be indexed`);
      }
      return v;
    });
    if (items.length === 0) return;
    const cached = this.fresh(namespace);
    // No await between these statements, so the DO commits them as one atomic write.
    items.forEach((item, i) => {
      const v = unit[i] as Float32Array;
      this.sql.exec(
        `INSERT INTO dedup_vectors (namespace, id, post_id, created_at, v) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (namespace, id) DO UPDATE SET post_id = excluded.post_id,
           created_at = excluded.created_at, v = excluded.v`,
        namespace,
        item.id,
        item.metadata.post_id,
        item.metadata.created_at,
        v.buffer,
      );
      cached?.matrix.setNormalised(item.id, v, item.metadata);
    });
    this.bump(namespace, cached);
  }

  async query(namespace: string, vector: number[], opts: VectorQueryOptions): Promise<VectorMatch[]> {
    assertNamespace(namespace);
    assertTopK(opts.topK);
    assertDimensions(vector, this.dimensions, "query vector");
    return this.load(namespace).search(vector, opts.topK, opts.createdAfter);
  }

  async delete(namespace: string, ids: string[]): Promise<void> {
    assertNamespace(namespace);
    if (ids.length === 0) return;
    const cached = this.fresh(namespace);
    for (const id of ids) {
      this.sql.exec(`DELETE FROM dedup_vectors WHERE namespace = ? AND id = ?`, namespace, id);
      cached?.matrix.delete(id);
    }
    this.bump(namespace, cached);
  }

  async count(namespace: string): Promise<number> {
    assertNamespace(namespace);
    const cached = this.fresh(namespace);
    if (cached) return cached.matrix.size;
    const row = this.sql
      .exec<{ n: number }>(`SELECT COUNT(*) AS n FROM dedup_vectors WHERE namespace = ?`, namespace)
      .one();
    return row.n;
  }

  /** Drops in-memory copies (e.g. under memory pressure); the next query reloads from SQLite. */
  evict(namespace?: string): void {
    if (namespace === undefined) this.loaded.clear();
    else this.loaded.delete(namespace);
  }

  private load(namespace: string): VectorMatrix {
    const cached = this.fresh(namespace);
    if (cached) return cached.matrix;
    const rev = this.revision(namespace);
    const count = this.sql
      .exec<{ n: number }>(`SELECT COUNT(*) AS n FROM dedup_vectors WHERE namespace = ?`, namespace)
      .one().n;
    const matrix = new VectorMatrix(this.dimensions, count);
    const rows = this.sql
      .exec(`SELECT id, post_id, created_at, v FROM dedup_vectors WHERE namespace = ?`, namespace)
      .raw<[string, string, number, ArrayBuffer]>();
    for (const [id, postId, createdAt, blob] of rows) {
      if (blob.byteLength !== this.dimensions * 4) {
        throw dimensionMismatch(blob.byteLength / 4, this.dimensions, `stored vector '${id}'`);
      }
      matrix.setNormalised(id, new Float32Array(blob), { post_id: postId, created_at: createdAt });
    }
    this.loaded.set(namespace, { matrix, rev });
    return matrix;
  }

  /** The cached matrix if no other writer touched the namespace since it was loaded. */
  private fresh(namespace: string): Loaded | undefined {
    const cached = this.loaded.get(namespace);
    if (!cached) return undefined;
    if (cached.rev === this.revision(namespace)) return cached;
    this.loaded.delete(namespace);
    return undefined;
  }

  private revision(namespace: string): number {
    const rows = this.sql
      .exec<{ rev: number }>(`SELECT rev FROM dedup_vector_ns WHERE namespace = ?`, namespace)
      .toArray();
    return rows[0]?.rev ?? 0;
  }

  private bump(namespace: string, cached: Loaded | undefined): void {
    const { rev } = this.sql
      .exec<{ rev: number }>(
        `INSERT INTO dedup_vector_ns (namespace, rev) VALUES (?, 1)
         ON CONFLICT (namespace) DO UPDATE SET rev = rev + 1 RETURNING rev`,
        namespace,
      )
      .one();
    if (cached) cached.rev = rev;
  }

  private checkStoredDimensions(): void {
    const stored = this.sql
      .exec<{ value: string }>(`SELECT value FROM dedup_vector_meta WHERE key = 'dimensions'`)
      .toArray()[0];
    if (stored && Number(stored.value) !== this.dimensions) {
      const { n } = this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM dedup_vectors`).one();
      // An empty store can simply be re-declared; a populated one would give meaningless scores.
      if (n > 0) throw dimensionMismatch(Number(stored.value), this.dimensions, "the local vector index");
    }
    this.sql.exec(
      `INSERT INTO dedup_vector_meta (key, value) VALUES ('dimensions', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      String(this.dimensions),
    );
  }
}

/**
 * Empties the local store (every namespace, and the vector size it was declared with) so it can
 * be rebuilt, e.g. by a re-index for a new embedder. Open LocalSqliteVectorIndex objects notice
 * through the revision counter and reload; build a new one if the size changes.
 */
export function clearLocalVectorStore(sql: SqlStorage): void {
  sql.exec(`DELETE FROM dedup_vectors`);
  sql.exec(`DELETE FROM dedup_vector_meta`);
  sql.exec(`UPDATE dedup_vector_ns SET rev = rev + 1`);
}
