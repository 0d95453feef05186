import type { Db } from "../db/client.ts";
import { listPostTextsPage } from "../db/dedup.ts";
import type { PersonaVectors } from "./persona-vectors.ts";

export interface ReindexReport {
  persona_id: string;
  embedder: string;
  dimensions: number;
  posts: number;
  indexed: number;
  /** Posts whose text embeds to nothing (blank, or only symbols): nothing to compare. */
  skipped: number;
  tokens: number;
  took_ms: number;
  /** Source chunks embedded again with the posts (the same store: docs/sources.md). */
  source_chunks?: number;
}

// Small enough for one hosted embedding call and one Vectorize upsert per page.
const PAGE = 96;

/** Re-embeds every stored post of the persona into its index, then stamps the index with the embedder. */
export async function reindexPersona(db: Db, vectors: PersonaVectors, personaId: string): Promise<ReindexReport> {
  const started = Date.now();
  const report = { posts: 0, indexed: 0, skipped: 0, tokens: 0 };
  let afterId: string | undefined;
  for (;;) {
    const page = await listPostTextsPage(db, { personaId, afterId, limit: PAGE });
    if (page.length === 0) break;
    const written = await vectors.write(personaId, page);
    report.posts += page.length;
    report.indexed += written.indexed;
    report.skipped += written.skipped;
    report.tokens += written.tokens;
    afterId = page[page.length - 1]?.id;
  }
  vectors.stamp.set(personaId, vectors.embedder.id);
  return {
    persona_id: personaId,
    embedder: vectors.embedder.id,
    dimensions: vectors.embedder.dimensions,
    ...report,
    took_ms: Date.now() - started,
  };
}
