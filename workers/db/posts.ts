import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Db } from "./client.ts";
import { posts, type PostRow, type PostStatus } from "./schema/index.ts";

export type NewPost = Omit<
  PostRow,
  "createdAt" | "updatedAt" | "threadsContainerId" | "threadsMediaId" | "permalink" | "publishedAt" | "error" | "scheduleSlot" | "deletedPersonaId" | "personaDeletedAt"
> & { scheduleSlot?: boolean };

/** Idempotent: a retried store step finds the post already there and gets it back. */
export async function insertPost(db: Db, p: NewPost, now: number): Promise<PostRow> {
  await db.insert(posts).values({ ...p, createdAt: now, updatedAt: now }).onConflictDoNothing();
  const row = await getPost(db, p.id);
  if (!row) throw new Error(`post ${p.id} vanished after insert`);
  return row;
}

export async function getPost(db: Db, id: string): Promise<PostRow | null> {
  return (await db.select().from(posts).where(eq(posts.id, id)).get()) ?? null;
}

export interface PostCursor {
  createdAt: number;
  id: string;
}

export async function listPosts(
  db: Db,
  args: { personaId?: string; deletedPersonaId?: string; status?: PostStatus; limit: number; cursor?: PostCursor },
): Promise<{ rows: PostRow[]; next: PostCursor | null }> {
  const c = args.cursor;
  const where = and(
    args.personaId ? eq(posts.personaId, args.personaId) : undefined,
    args.deletedPersonaId ? eq(posts.deletedPersonaId, args.deletedPersonaId) : undefined,
    args.status ? eq(posts.status, args.status) : undefined,
    c ? or(lt(posts.createdAt, c.createdAt), and(eq(posts.createdAt, c.createdAt), lt(posts.id, c.id))) : undefined,
  );
  const rows = await db
    .select()
    .from(posts)
    .where(where)
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(args.limit + 1)
    .all();
  const page = rows.slice(0, args.limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > args.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/** Removes the post row only; the caller removes its vector (and nothing is removed from Threads). */
export async function deletePost(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(posts).where(eq(posts.id, id)).returning({ id: posts.id });
  return rows.length > 0;
}
