import type { Db } from "../db/client.ts";
import { getPostTexts, type PostText } from "../db/dedup.ts";
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
  seen?: Map<string, PostText>,
): Promise<SimilarPost[]> {
  const near = await vectors.nearest(personaId, vector, opts);
  const found = await textsOf(
    db,
    near.map((n) => n.postId),
    seen,
  );
  const gone = near.filter((n) => found.get(n.postId)?.personaId !== personaId).map((n) => n.postId);
  if (gone.length) await vectors.remove(personaId, gone);
  return near.flatMap((n) => {
    const post = found.get(n.postId);
    return post && post.personaId === personaId ? [{ ...n, text: post.text }] : [];
  });
}

/**
 * Texts of `ids` from D1, except those in `seen`: texts the caller read earlier in the same
 * hold of the persona's lock (the dedup step's first check, for its rewrite's check), when no
 * post could be stored or deleted in between. What is read is added to `seen`.
 */
async function textsOf(db: Db, ids: string[], seen?: Map<string, PostText>): Promise<Map<string, PostText>> {
  if (!seen) return getPostTexts(db, ids);
  const missing = ids.filter((id) => !seen.has(id));
  if (missing.length > 0) for (const [id, t] of await getPostTexts(db, missing)) seen.set(id, t);
  return new Map(
    ids.flatMap((id) => {
      const t = seen.get(id);
      return t ? [[id, t] as const] : [];
    }),
  );
}
