import { settings } from "../workers/settings/index.ts";
import type { Db } from "../workers/db/client.ts";
import { getPersona } from "../workers/db/personas.ts";
import { EmbedderStamp } from "../workers/dedup/embedder-stamp.ts";
import { PersonaVectors } from "../workers/dedup/persona-vectors.ts";
import { reindexPersona, type ReindexReport } from "../workers/dedup/reindex.ts";
import { thresholdFor, windowStart } from "../workers/dedup/settings.ts";
import { similarPosts } from "../workers/dedup/similar.ts";
import type { Embedder } from "../workers/providers/embeddings/types.ts";
import { services } from "../workers/services.ts";
import { clearLocalVectorStore } from "../workers/providers/vector-index/local-sqlite.ts";
import type { VectorIndex } from "../workers/providers/vector-index/types.ts";
import { SourceVectors } from "../workers/sources/vectors.ts";
import { chunksOfPersona } from "../workers/db/sources.ts";

export interface DedupCheckResult {
  embedder: string;
  threshold: number;
  window_days: number;
  matches: { post_id: string; similarity: number; duplicate: boolean; created_at: number; text: string }[];
}

/**
 * The PersonaAgent's dedup storage: the vector index over the DO's SQLite (or Vectorize), built
 * on first use so a dimension mismatch surfaces as an error on that use and again on the next,
 * never as a cached wrong answer; and rebuilt when the embedder's size changes.
 */
export class DedupRoom {
  private index: VectorIndex | null = null;
  private readonly stamp: EmbedderStamp;

  constructor(
    private readonly env: Env,
    private readonly sql: SqlStorage,
    private readonly embedder: () => Embedder,
  ) {
    this.stamp = new EmbedderStamp(sql);
  }

  vectors(): PersonaVectors {
    const embedder = this.embedder();
    return new PersonaVectors(embedder, () => this.openIndex(embedder.dimensions), this.stamp);
  }

  /** The persona's source chunks: same index, their own namespace (workers/sources/vectors.ts). */
  sourceVectors(): SourceVectors {
    const embedder = this.embedder();
    return new SourceVectors(embedder, () => this.openIndex(embedder.dimensions), this.stamp);
  }

  async check(db: Db, personaId: string, text: string, topK: number, now: number): Promise<DedupCheckResult> {
    const { dedup } = settings(this.env);
    const vectors = this.vectors();
    const persona = await getPersona(db, personaId);
    const threshold = thresholdFor(dedup, vectors.embedder.id, persona?.dedupThreshold);
    const { vector } = await vectors.embed(text);
    const near = await similarPosts(db, vectors, personaId, vector, { topK, createdAfter: windowStart(dedup, now) });
    return {
      embedder: vectors.embedder.id,
      threshold,
      window_days: dedup.windowDays,
      matches: near.map((n) => ({
        post_id: n.postId,
        similarity: n.similarity,
        duplicate: n.similarity >= threshold,
        created_at: n.createdAt,
        text: n.text,
      })),
    };
  }

  /** The local store is emptied first: it may hold another size, and vectors of deleted posts. */
  async reindex(db: Db, personaId: string): Promise<ReindexReport> {
    if (settings(this.env).dedup.vectorIndex === "local") {
      clearLocalVectorStore(this.sql);
      this.index = null;
    }
    const report = await reindexPersona(db, this.vectors(), personaId);
    // The source chunks live in the same store (emptied above locally): embedded again too.
    const chunks = await chunksOfPersona(db, personaId);
    const sources = this.sourceVectors();
    for (let i = 0; i < chunks.length; i += 96) {
      report.tokens += await sources.add(
        personaId,
        chunks.slice(i, i + 96).map((c) => ({ id: c.id, text: c.text, createdAt: c.createdAt })),
      );
    }
    return { ...report, source_chunks: chunks.length };
  }

  /** Drops the open index (and its in-memory copies) after the storage under it was emptied. */
  forget(): void {
    this.index = null;
  }

  private openIndex(dimensions: number): VectorIndex {
    if (this.index?.dimensions !== dimensions) this.index = services(this.env).vectorIndex(dimensions, this.sql);
    return this.index;
  }
}
