import { AppError } from "../../errors.ts";
import type { IndexProgress, VectorIndex, VectorItem, VectorMatch, VectorQueryOptions, WriteReceipt } from "./types.ts";
import {
  assertDimensions,
  assertNamespace,
  assertTopK,
  cosineSimilarity,
  dimensionMismatch,
  l2Norm,
} from "./validate.ts";

// Production adapter over the Vectorize binding. Facts of the platform it has to absorb
// (docs/conformance.md, "Vectorize"):
// - Vector ids are unique per *index*, not per namespace, and deleteByIds takes no namespace,
//   so ids are made namespace-scoped here (`<namespace>:<id>`, or a SHA-256 when that exceeds
//   Vectorize's 64-byte id limit); the caller's id travels in metadata and comes back on query.
// - `createdAfter` is a metadata filter on `created_at`, which only works once a number
//   metadata index exists on that property, and only for vectors written after it was created.
// - With returnMetadata "all" or returnValues, topK is capped at 20; dedup needs the top few.
// - Scores are approximate unless values are returned: the dedup threshold compares exact
//   cosine similarity, so queries ask for the values and the score is recomputed from them.
// - Mutations are asynchronous: upsert/delete answer a mutationId, describe() reports the last
//   applied one (processedUpToMutation); RecentWritesIndex uses both instead of guessing a delay.

/** The part of the binding this adapter uses; both the legacy VectorizeIndex and Vectorize fit. */
export interface VectorizeLike {
  describe(): Promise<VectorizeIndexDetails | VectorizeIndexInfo>;
  query(vector: number[], options?: VectorizeQueryOptions): Promise<VectorizeMatches>;
  upsert(vectors: VectorizeVector[]): Promise<unknown>;
  deleteByIds(ids: string[]): Promise<unknown>;
}

export const VECTORIZE_MAX_TOPK_WITH_METADATA = 20;
const MAX_BATCH = 1000;
const MAX_ID_BYTES = 64;

export class VectorizeVectorIndex implements VectorIndex {
  readonly dimensions: number;
  private readonly binding: VectorizeLike;
  private checked: Promise<void> | undefined;

  constructor(binding: VectorizeLike, dimensions: number) {
    this.binding = binding;
    this.dimensions = dimensions;
  }

  async upsert(namespace: string, items: VectorItem[]): Promise<WriteReceipt> {
    assertNamespace(namespace);
    for (const item of items) {
      assertDimensions(item.values, this.dimensions, `vector '${item.id}'`);
      if (l2Norm(item.values) === 0) {
        throw new AppError("unprocessable", `vector '${item.id}' is all zeros and cannot be indexed`);
      }
    }
    await this.checkDimensions();
    const vectors: VectorizeVector[] = await Promise.all(
      items.map(async (item) => ({
        id: await physicalId(namespace, item.id),
        namespace,
        values: item.values,
        metadata: { vector_id: item.id, post_id: item.metadata.post_id, created_at: item.metadata.created_at },
      })),
    );
    const mutationIds: string[] = [];
    for (let i = 0; i < vectors.length; i += MAX_BATCH) {
      const id = mutationIdOf(await this.binding.upsert(vectors.slice(i, i + MAX_BATCH)));
      if (id) mutationIds.push(id);
    }
    return { mutationIds };
  }

  async query(namespace: string, vector: number[], opts: VectorQueryOptions): Promise<VectorMatch[]> {
    assertNamespace(namespace);
    assertTopK(opts.topK);
    assertDimensions(vector, this.dimensions, "query vector");
    await this.checkDimensions();
    if (l2Norm(vector) === 0) return [];
    const result = await this.binding.query(vector, {
      topK: Math.min(opts.topK, VECTORIZE_MAX_TOPK_WITH_METADATA),
      namespace,
      returnMetadata: "all",
      returnValues: true,
      ...(opts.createdAfter === undefined ? {} : { filter: { created_at: { $gte: opts.createdAfter } } }),
    });
    return result.matches
      .map((m) => ({
        id: typeof m.metadata?.vector_id === "string" ? m.metadata.vector_id : m.id,
        // Exact cosine from the stored values; the index's own score is approximate.
        score: m.values && m.values.length === vector.length ? cosineSimilarity(vector, m.values) : m.score,
        metadata: {
          post_id: typeof m.metadata?.post_id === "string" ? m.metadata.post_id : "",
          created_at: typeof m.metadata?.created_at === "number" ? m.metadata.created_at : 0,
        },
      }))
      .sort((a, b) => b.score - a.score);
  }

  async delete(namespace: string, ids: string[]): Promise<WriteReceipt> {
    assertNamespace(namespace);
    const physical = await Promise.all(ids.map((id) => physicalId(namespace, id)));
    const mutationIds: string[] = [];
    for (let i = 0; i < physical.length; i += MAX_BATCH) {
      const id = mutationIdOf(await this.binding.deleteByIds(physical.slice(i, i + MAX_BATCH)));
      if (id) mutationIds.push(id);
    }
    return { mutationIds };
  }

  async progress(): Promise<IndexProgress> {
    const info = await this.binding.describe();
    if (!("processedUpToMutation" in info)) return {};
    const mutation: unknown = info.processedUpToMutation;
    return {
      ...(typeof mutation === "string" || typeof mutation === "number"
        ? { processedUpToMutation: String(mutation) }
        : {}),
      ...(typeof info.processedUpToDatetime === "number" ? { processedUpToDatetime: info.processedUpToDatetime } : {}),
    };
  }

  /** Once per adapter: compare the index's configured dimensions with the embedder's. */
  private checkDimensions(): Promise<void> {
    this.checked ??= this.binding.describe().then((info) => {
      const dims =
        "dimensions" in info ? info.dimensions : "dimensions" in info.config ? info.config.dimensions : undefined;
      if (dims !== undefined && dims !== this.dimensions) {
        throw dimensionMismatch(dims, this.dimensions, "the Vectorize index");
      }
    });
    // A failed describe (e.g. a network blip) should be retried next time, not cached forever,
    // but a real mismatch keeps failing because describe() keeps returning the same size.
    this.checked.catch(() => (this.checked = undefined));
    return this.checked;
  }
}

/** V2 answers {mutationId}; the deprecated V1 answered {ids, count} (no id to track). */
function mutationIdOf(result: unknown): string | undefined {
  if (typeof result !== "object" || result === null || !("mutationId" in result)) return undefined;
  const id = (result as { mutationId: unknown }).mutationId;
  return typeof id === "string" && id.length > 0 ? id : undefined;
}

/** Namespace-scoped Vectorize id within the 64-byte limit. */
export async function physicalId(namespace: string, id: string): Promise<string> {
  const plain = `${namespace}:${id}`;
  // A ':' in the namespace would make "a:b"+"c" and "a"+"b:c" collide, so such ids are hashed too.
  if (!namespace.includes(":") && new TextEncoder().encode(plain).length <= MAX_ID_BYTES) return plain;
  const unambiguous = `${namespace.length}:${plain}`;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(unambiguous));
  const b64 = btoa(String.fromCharCode(...new Uint8Array(digest)));
  return `h:${b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}
