import type { EmbedderStamp } from "../dedup/embedder-stamp.ts";
import type { Embedder } from "../providers/embeddings/types.ts";
import type { VectorIndex, VectorItem } from "../providers/vector-index/types.ts";
import { l2Norm } from "../providers/vector-index/validate.ts";
import { sha256Hex } from "../text/sha256.ts";

// A persona's source chunks as vectors, in the same index as the dedup vectors but in a
// namespace of their own (`src_` + a hash of the persona id, within Vectorize's 64 bytes), so a
// dedup query never sees a chunk and a retrieval never sees a post. Locally the namespace is a
// column of the PersonaAgent's SQLite index. A vector's id and `post_id` metadata are the chunk id.

export interface ChunkMatch {
  chunkId: string;
  similarity: number;
}

export async function sourceNamespace(personaId: string): Promise<string> {
  return `src_${(await sha256Hex(`sources:${personaId}`)).slice(0, 40)}`;
}

export class SourceVectors {
  constructor(
    readonly embedder: Embedder,
    private readonly openIndex: () => VectorIndex,
    private readonly stamp: EmbedderStamp,
  ) {}

  /** Embeds and indexes chunks; returns the embedding tokens spent. */
  async add(personaId: string, chunks: { id: string; text: string; createdAt: number }[]): Promise<number> {
    if (chunks.length === 0) return 0;
    const ns = await sourceNamespace(personaId);
    const { vectors, tokens } = await this.embedder.embed(chunks.map((c) => c.text));
    const items: VectorItem[] = [];
    chunks.forEach((c, i) => {
      const values = vectors[i] ?? [];
      if (l2Norm(values) > 0) items.push({ id: c.id, values, metadata: { post_id: c.id, created_at: c.createdAt } });
    });
    await this.openIndex().upsert(ns, items);
    this.stamp.set(ns, this.embedder.id);
    return tokens;
  }

  async remove(personaId: string, chunkIds: string[]): Promise<void> {
    if (chunkIds.length === 0) return;
    await this.openIndex().delete(await sourceNamespace(personaId), chunkIds);
  }

  /** Nearest chunks to `text`, best first; none (with a reason) when another embedder filled the namespace. */
  async search(personaId: string, text: string, topK: number): Promise<{ matches: ChunkMatch[]; warning?: string }> {
    const ns = await sourceNamespace(personaId);
    const stamped = this.stamp.get(ns);
    if (stamped === null) return { matches: [] };
    if (stamped !== this.embedder.id)
      return {
        matches: [],
        warning: `the persona's source chunks were embedded with '${stamped}', not '${this.embedder.id}': re-index (POST /v1/personas/${personaId}/dedup/reindex) to use them`,
      };
    const { vectors } = await this.embedder.embed([text]);
    const vector = vectors[0] ?? [];
    if (l2Norm(vector) === 0) return { matches: [] };
    const found = await this.openIndex().query(ns, vector, { topK });
    return { matches: found.map((m) => ({ chunkId: m.metadata.post_id || m.id, similarity: m.score })) };
  }
}
