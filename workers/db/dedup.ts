import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "./client.ts";
import { posts } from "./schema/index.ts";

// The few post columns dedup reads: the text it compares, and what a match shows.

export interface PostText {
  id: string;
  personaId: string;
  text: string;
  createdAt: number;
}

const columns = { id: posts.id, personaId: posts.personaId, text: posts.text, createdAt: posts.createdAt };

/** The posts that still exist among `ids` (vectors can outlive their post), keyed by id. */
export async function getPostTexts(db: Db, ids: string[]): Promise<Map<string, PostText>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select(columns).from(posts).where(inArray(posts.id, ids)).all();
  return new Map(rows.map((r) => [r.id, r]));
}

/** One page of a persona's posts in id order, for re-indexing. */
export async function listPostTextsPage(
  db: Db,
  args: { personaId: string; afterId?: string; limit: number },
): Promise<PostText[]> {
  return db
    .select(columns)
    .from(posts)
    .where(and(eq(posts.personaId, args.personaId), args.afterId ? gt(posts.id, args.afterId) : undefined))
    .orderBy(asc(posts.id))
    .limit(args.limit)
    .all();
}
