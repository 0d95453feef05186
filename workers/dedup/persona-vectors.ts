import type { Embedder } from "../providers/embeddings/types.ts";
import type { VectorIndex, VectorItem } from "../providers/vector-index/types.ts";
import { l2Norm } from "../providers/vector-index/validate.ts";
import type { EmbedderStamp } from "./embedder-stamp.ts";

// A persona's posts as vectors: the embedder, the index (namespace = persona id) and the stamp
// of which embedder filled it, behind the few operations dedup needs. The index is opened on
// each use, so a broken configuration (a dimension mismatch) fails every use loudly rather than
// once and then silently.

export interface Neighbour {
  postId: string;
  similarity: number;
  createdAt: number;
}

export interface Embedded {
  vector: number[];
  tokens: number;
}

export class PersonaVectors {
  constructor(
    readonly embedder: Embedder,
    private readonly openIndex: () => VectorIndex,
    readonly stamp: EmbedderStamp,
  ) {}

  async embed(text: string): Promise<Embedded> {
    const { vectors, tokens } = await this.embedder.embed([text]);
    return { vector: vectors[0] ?? [], tokens };
  }

  /** Nearest earlier posts, best first, leaving out `exclude` (the caller's own post on a retry). */
  async nearest(
    personaId: string,
    vector: number[],
    opts: { topK: number; createdAfter?: number; exclude?: string[] },
  ): Promise<Neighbour[]> {
    const index = this.openIndex();
    this.stamp.assert(personaId, this.embedder.id);
    if (l2Norm(vector) === 0) return []; // a blank text resembles nothing
    const exclude = new Set(opts.exclude ?? []);
    const matches = await index.query(personaId, vector, {
      topK: opts.topK + exclude.size,
      createdAfter: opts.createdAfter,
    });
    return matches
      .filter((m) => !exclude.has(m.metadata.post_id))
      .slice(0, opts.topK)
      .map((m) => ({ postId: m.metadata.post_id, similarity: m.score, createdAt: m.metadata.created_at }));
  }

  /** Indexes a stored post (id = post id, so a retry replaces rather than adds). False if it has no content to index. */
  async add(personaId: string, postId: string, vector: number[], createdAt: number): Promise<boolean> {
    const index = this.openIndex();
    this.stamp.assert(personaId, this.embedder.id);
    if (l2Norm(vector) === 0) return false;
    await index.upsert(personaId, [
      { id: postId, values: vector, metadata: { post_id: postId, created_at: createdAt } },
    ]);
    if (this.stamp.get(personaId) === null) this.stamp.set(personaId, this.embedder.id);
    return true;
  }

  async remove(personaId: string, postIds: string[]): Promise<void> {
    if (postIds.length) await this.openIndex().delete(personaId, postIds);
  }

  /** Re-index: embeds and writes without the stamp check; the caller stamps once all are in. */
  async write(
    personaId: string,
    posts: { id: string; text: string; createdAt: number }[],
  ): Promise<{ indexed: number; skipped: number; tokens: number }> {
    const { vectors, tokens } = await this.embedder.embed(posts.map((p) => p.text));
    const items: VectorItem[] = [];
    posts.forEach((p, i) => {
      const values = vectors[i] ?? [];
      if (l2Norm(values) > 0) items.push({ id: p.id, values, metadata: { post_id: p.id, created_at: p.createdAt } });
    });
    await this.openIndex().upsert(personaId, items);
    return { indexed: items.length, skipped: posts.length - items.length, tokens };
  }
}
