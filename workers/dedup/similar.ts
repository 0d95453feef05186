import type { Db } from "../db/client.ts";
import { getPostTexts } from "../db/dedup.ts";
import type { PersonaVectors } from "./persona-vectors.ts";

export interface SimilarPost {
  postId: string;
  similarity: number;
  createdAt: number;
  text: string;
}

/**
 * The persona's nearest earlier posts that still exist, best first, with their text (the
 * rewrite is shown what it resembled). A vector whose post is gone (deleted while its vector
 * delete failed, or a persona re-created under the same id) is dropped from the index here, so
 * it can neither block a post nor be shown again.
 */
export async function similarPosts(
  db: Db,
  vectors: PersonaVectors,
  personaId: string,
  vector: number[],
  opts: { topK: number; createdAfter?: number; exclude?: string[] },
): Promise<SimilarPost[]> {
  const near = await vectors.nearest(personaId, vector, opts);
  const found = await getPostTexts(db, near.map((n) => n.postId));
  const gone = near.filter((n) => found.get(n.postId)?.personaId !== personaId).map((n) => n.postId);
  if (gone.length) await vectors.remove(personaId, gone);
  return near.flatMap((n) => {
    const post = found.get(n.postId);
    return post && post.personaId === personaId ? [{ ...n, text: post.text }] : [];
  });
}
