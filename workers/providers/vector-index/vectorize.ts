import { AppError } from "../../errors.ts";
import type { VectorIndex, VectorItem, VectorMatch, VectorQueryOptions } from "./types.ts";
import { assertDimensions, assertNamespace, assertTopK, dimensionMismatch, l2Norm } from "./validate.ts";

// Production adapter over the Vectorize binding. Facts of the platform it has to absorb:
// - Vector ids are unique per *index*, not per namespace, and deleteByIds takes no namespace,
//   so ids are made namespace-scoped here (`<namespace>:<id>`, or a SHA-256 when that exceeds
//   Vectorize's 64-byte id limit); the caller's id travels in metadata and comes back on query.
// - `createdAfter` is a metadata filter on `created_at`, which only works once a number
//   metadata index exists on that property (created before the vectors were inserted).
// - With returnMetadata "all", topK is capped at 20; dedup needs the top few, so we clamp.
// - Mutations are asynchronous: a vector is queryable a few seconds after upsert resolves.

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

  async upsert(namespace: string, items: VectorItem[]): Promise<void> {
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
    for (let i = 0; i < vectors.length; i += MAX_BATCH) {
      await this.binding.upsert(vectors.slice(i, i + MAX_BATCH));
    }
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
      returnValues: false,
      ...(opts.createdAfter === undefined ? {} : { filter: { created_at: { $gte: opts.createdAfter } } }),
    });
    return result.matches
      .map((m) => ({
        id: typeof m.metadata?.vector_id === "string" ? m.metadata.vector_id : m.id,
        score: m.score,
        metadata: {
          post_id: typeof m.metadata?.post_id === "string" ? m.metadata.post_id : "",
          created_at: typeof m.metadata?.created_at === "number" ? m.metadata.created_at : 0,
        },
      }))
      .sort((a, b) => b.score - a.score);
  }

  async delete(namespace: string, ids: string[]): Promise<void> {
    assertNamespace(namespace);
    const physical = await Promise.all(ids.map((id) => physicalId(namespace, id)));
    for (let i = 0; i < physical.length; i += MAX_BATCH) {
      await this.binding.deleteByIds(physical.slice(i, i + MAX_BATCH));
    }
  }

  /** Once per adapter: compare the index's configured dimensions with the embedder's. */
  private checkDimensions(): Promise<void> {
    this.checked ??= this.binding.describe().then((info) => {
      const dims = "dimensions" in info ? info.dimensions : "dimensions" in info.config ? info.config.dimensions : undefined;
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
