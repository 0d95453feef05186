// Imported posts join the persona's dedup index like its own stored posts: a new draft that
// repeats one of them is a duplicate (within DEDUP_WINDOW_DAYS of its publication, as for any post).
import type { StoredImport } from "../db/history.ts";
import type { PersonaVectors } from "../dedup/persona-vectors.ts";

// One hosted embedding call and one Vectorize upsert per page (as the re-index does).
const PAGE = 96;

export async function indexImported(
  vectors: PersonaVectors,
  personaId: string,
  posts: StoredImport["imported"],
): Promise<{ indexed: number; tokens: number }> {
  let indexed = 0;
  let tokens = 0;
  for (let i = 0; i < posts.length; i += PAGE) {
    const page = posts.slice(i, i + PAGE).map((p) => ({ id: p.id, text: p.text, createdAt: p.publishedAt }));
    const written = await vectors.write(personaId, page);
    indexed += written.indexed;
    tokens += written.tokens;
  }
  if (indexed > 0 && vectors.stamp.get(personaId) === null) vectors.stamp.set(personaId, vectors.embedder.id);
  return { indexed, tokens };
}
