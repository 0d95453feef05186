import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Db } from "./client.ts";
import { posts, type PostRow, type PostStatus } from "./schema/index.ts";
import { latestMetricsOfQuery, type PostMetricsSnapshot } from "../insights/queries.ts";

export type NewPost = Omit<
  PostRow,
  "createdAt" | "updatedAt" | "threadsContainerId" | "threadsMediaId" | "permalink" | "publishedAt" | "error" | "scheduleSlot" | "deletedPersonaId" | "personaDeletedAt"
> & { scheduleSlot?: boolean };

/** Idempotent: a retried store step finds the post already there and gets it back. */
export async function insertPost(db: Db, p: NewPost, now: number): Promise<PostRow> {
  const [inserted] = await db.insert(posts).values({ ...p, createdAt: now, updatedAt: now }).onConflictDoNothing().returning();
  if (inserted) return inserted;
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

export interface PostPageArgs {
  personaId?: string;
  /** Posts kept (anonymised) after their persona was deleted. */
  deletedPersonaId?: string;
  status?: PostStatus;
  limit: number;
  cursor?: PostCursor;
}

const pageWhere = (args: PostPageArgs) => {
  const c = args.cursor;
  return and(
    args.personaId ? eq(posts.personaId, args.personaId) : undefined,
    args.deletedPersonaId ? eq(posts.deletedPersonaId, args.deletedPersonaId) : undefined,
    args.status ? eq(posts.status, args.status) : undefined,
    c ? or(lt(posts.createdAt, c.createdAt), and(eq(posts.createdAt, c.createdAt), lt(posts.id, c.id))) : undefined,
  );
};

// One more row than asked for tells whether there is a next page.
const pageQuery = (db: Db, args: PostPageArgs) =>
  db.select().from(posts).where(pageWhere(args)).orderBy(desc(posts.createdAt), desc(posts.id)).limit(args.limit + 1);

function toPage(rows: PostRow[], limit: number): { rows: PostRow[]; next: PostCursor | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

export async function listPosts(db: Db, args: PostPageArgs): Promise<{ rows: PostRow[]; next: PostCursor | null }> {
  return toPage(await pageQuery(db, args).all(), args.limit);
}

/** A page of posts and each one's latest insights reading, in one D1 round trip (GET /v1/posts). */
export async function listPostPage(db: Db, args: PostPageArgs): Promise<{ rows: PostRow[]; next: PostCursor | null; metrics: Map<string, PostMetricsSnapshot> }> {
  const ids = db.select({ id: posts.id }).from(posts).where(pageWhere(args)).orderBy(desc(posts.createdAt), desc(posts.id)).limit(args.limit);
  const [rows, readings] = await db.batch([pageQuery(db, args), latestMetricsOfQuery(db, ids)]);
  return { ...toPage(rows, args.limit), metrics: new Map(readings.map((m) => [m.post_id, m])) };
}

/** Removes the post row only; the caller removes its vector (and nothing is removed from Threads). */
export async function deletePost(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(posts).where(eq(posts.id, id)).returning({ id: posts.id });
  return rows.length > 0;
}
