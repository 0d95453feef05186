import type { Db } from "../db/client.ts";
import type { PostText } from "../db/dedup.ts";
import { postsFromSource } from "../db/sources.ts";
import type { PersonaVectors } from "../dedup/persona-vectors.ts";
import { type SimilarPost, similarPosts } from "../dedup/similar.ts";

/** Vectorize answers at most 20 with metadata; enough for the nearest posts of one source. */
const SAME_SOURCE_TOP_K = 20;

/**
 * The persona's earlier posts written from the same source, nearest first, whatever their age:
 * the dedup window is about what the audience remembers, but a second post from one article
 * that says the same thing is a repeat however long ago the first was.
 */
export async function sameSourcePosts(
  db: Db,
  vectors: PersonaVectors,
  personaId: string,
  vector: number[],
  sourceId: string,
  exclude: string[],
  seen?: Map<string, PostText>,
): Promise<SimilarPost[]> {
  const near = await similarPosts(db, vectors, personaId, vector, { topK: SAME_SOURCE_TOP_K, exclude }, seen);
  const from = await postsFromSource(
    db,
    near.map((n) => n.postId),
    sourceId,
  );
  return near.filter((n) => from.has(n.postId));
}
