import { and, desc, eq, lt, or, type SQLWrapper } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "./client.ts";
import { assignmentsOfPostsQuery, experimentsByPost, type PostExperiment } from "./experiments.ts";
import { scoresOfPostsQuery } from "./scores.ts";
import { posts, type PostRow, type PostScoreRow, type PostStatus } from "./schema/index.ts";
import { latestMetricsOfQuery, type PostMetricsSnapshot } from "../insights/queries.ts";

export type NewPost = Omit<
  PostRow,
  "createdAt" | "updatedAt" | "threadsContainerId" | "threadsMediaId" | "permalink" | "publishedAt" | "error" | "scheduleSlot" | "deletedPersonaId" | "personaDeletedAt"
> & { scheduleSlot?: boolean };

/**
 * Idempotent: a retried store step finds the post already there and gets it back. `alongside`
 * are statements about the new post (its score, its experiment assignments) that go to D1 in
 * the same batch, after the insert; they must be idempotent too.
 */
export async function insertPost(db: Db, p: NewPost, now: number, alongside: BatchItem<"sqlite">[] = []): Promise<PostRow> {
  const [rows] = await db.batch([db.insert(posts).values({ ...p, createdAt: now, updatedAt: now }).onConflictDoNothing().returning(), ...alongside]);
  const inserted = rows[0];
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

/** What a post's JSON adds from other tables: its latest insights reading, experiment arms and score. */
export interface PostExtras {
  metrics?: PostMetricsSnapshot;
  experiments?: PostExperiment[];
  score?: PostScoreRow;
}

// The three extras statements for the posts an id list or subquery names, to run in the same
// batch as the posts themselves.
const extrasQueries = (db: Db, ids: SQLWrapper | string[]) => [latestMetricsOfQuery(db, ids), assignmentsOfPostsQuery(db, ids), scoresOfPostsQuery(db, ids)] as const;

function extrasFrom(readings: PostMetricsSnapshot[], assignments: Parameters<typeof experimentsByPost>[0], scores: PostScoreRow[]): (id: string) => PostExtras {
  const metrics = new Map(readings.map((m) => [m.post_id, m]));
  const experiments = experimentsByPost(assignments);
  const scored = new Map(scores.map((r) => [r.postId, r]));
  return (id) => ({ metrics: metrics.get(id), experiments: experiments.get(id), score: scored.get(id) });
}

/** A page of posts with each one's extras, in one D1 round trip (GET /v1/posts). */
export async function listPostPage(db: Db, args: PostPageArgs): Promise<{ rows: PostRow[]; next: PostCursor | null; extras: (id: string) => PostExtras }> {
  const ids = db.select({ id: posts.id }).from(posts).where(pageWhere(args)).orderBy(desc(posts.createdAt), desc(posts.id)).limit(args.limit);
  const [rows, readings, assignments, scores] = await db.batch([pageQuery(db, args), ...extrasQueries(db, ids)]);
  return { ...toPage(rows, args.limit), extras: extrasFrom(readings, assignments, scores) };
}

/** One post with its extras, in one D1 round trip (GET /v1/posts/:id). */
export async function getPostWithExtras(db: Db, id: string): Promise<{ post: PostRow; extras: PostExtras } | null> {
  const [rows, readings, assignments, scores] = await db.batch([db.select().from(posts).where(eq(posts.id, id)), ...extrasQueries(db, [id])]);
  const post = rows[0];
  return post ? { post, extras: extrasFrom(readings, assignments, scores)(id) } : null;
}

/** Removes the post row only; the caller removes its vector (and nothing is removed from Threads). */
export async function deletePost(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(posts).where(eq(posts.id, id)).returning({ id: posts.id });
  return rows.length > 0;
}
