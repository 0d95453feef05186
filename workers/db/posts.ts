import { and, desc, eq, getTableColumns, lt, or, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "./client.ts";
import { compiled, compileSelect } from "./compiled-select.ts";
import { rowWhere } from "./insert-where.ts";
import type { PostExperiment } from "./experiments.ts";
import { posts, type PostOrigin, type PostRow, type PostScoreRow, type PostStatus } from "./schema/index.ts";
import type { PostMetricsSnapshot } from "../insights/queries.ts";

export type NewPost = Omit<
  PostRow,
  | "createdAt"
  | "updatedAt"
  | "threadsContainerId"
  | "threadsMediaId"
  | "permalink"
  | "publishedAt"
  | "error"
  | "scheduleSlot"
  | "deletedPersonaId"
  | "personaDeletedAt"
  | "origin"
  | "importKey"
  | "sources"
  | "sourceId"
  | "sourceItemId"
> & { scheduleSlot?: boolean } & Partial<Pick<PostRow, "sources" | "sourceId" | "sourceItemId">>;

/** What a store needs back of the row it wrote (returning the whole post cost D1 response bytes on every store). */
export type StoredPost = Pick<PostRow, "id" | "status" | "scheduledAt" | "createdAt">;
const storedColumns = {
  id: posts.id,
  status: posts.status,
  scheduledAt: posts.scheduledAt,
  createdAt: posts.createdAt,
};

/**
 * Idempotent: a retried store step finds the post already there and gets it back. `alongside`
 * are statements about the new post (its score, its experiment assignments) that go to D1 in
 * the same batch, after the insert; they must be idempotent too. With `when`, the post is
 * inserted only while that condition holds (the task is still wanted: lifecycle/guard.ts),
 * decided by the insert itself; null when it did not hold and there is no post.
 */
export async function insertPost(
  db: Db,
  p: NewPost,
  now: number,
  alongside?: BatchItem<"sqlite">[],
): Promise<StoredPost>;
export async function insertPost(
  db: Db,
  p: NewPost,
  now: number,
  alongside: BatchItem<"sqlite">[],
  when: SQL,
): Promise<StoredPost | null>;
export async function insertPost(
  db: Db,
  p: NewPost,
  now: number,
  alongside: BatchItem<"sqlite">[] = [],
  when?: SQL,
): Promise<StoredPost | null> {
  const row = { ...p, createdAt: now, updatedAt: now };
  const insert = when ? db.insert(posts).select(rowWhere(posts, row, when)) : db.insert(posts).values(row);
  const [rows] = await db.batch([insert.onConflictDoNothing().returning(storedColumns), ...alongside]);
  const found = rows[0] ?? (await db.select(storedColumns).from(posts).where(eq(posts.id, p.id)).get()) ?? null;
  if (!found && !when) throw new Error(`post ${p.id} vanished after insert`);
  return found;
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
  origin?: PostOrigin;
  limit: number;
  cursor?: PostCursor;
}

const pageWhere = (args: PostPageArgs) => {
  const c = args.cursor;
  return and(
    args.personaId ? eq(posts.personaId, args.personaId) : undefined,
    args.deletedPersonaId ? eq(posts.deletedPersonaId, args.deletedPersonaId) : undefined,
    args.status ? eq(posts.status, args.status) : undefined,
    args.origin ? eq(posts.origin, args.origin) : undefined,
    c ? or(lt(posts.createdAt, c.createdAt), and(eq(posts.createdAt, c.createdAt), lt(posts.id, c.id))) : undefined,
  );
};

// One more row than asked for tells whether there is a next page.
const pageQuery = (db: Db, args: PostPageArgs) =>
  db
    .select()
    .from(posts)
    .where(pageWhere(args))
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(args.limit + 1);

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
  score?: PostScore;
}

/** What a post's JSON shows of its score row. */
export type PostScore = Pick<PostScoreRow, "score" | "predictedEr" | "measuredEr">;

// Each post's extras as JSON columns of the post's own statement, so a page (or one post) is one
// statement: the latest insights reading, the experiment arms and the score, each an indexed lookup. The
// outer column is spelled out: drizzle renders ${posts.id} unqualified here, which inside the
// subquery would name post_metrics' own id.
const extrasColumns = {
  metricsJson: sql<
    string | null
  >`(select json_object('post_id', m.post_id, 'persona_id', m.persona_id, 'captured_at', m.captured_at, 'views', m.views, 'likes', m.likes, 'replies', m.replies, 'reposts', m.reposts, 'quotes', m.quotes, 'shares', m.shares) from post_metrics m where m.post_id = "posts"."id" order by m.captured_at desc limit 1)`,
  experimentsJson: sql<
    string | null
  >`(select json_group_array(json_object('id', a.experiment_id, 'dimension', a.dimension, 'arm', a.arm)) from experiment_assignments a where a.post_id = "posts"."id")`,
  scoreJson: sql<
    string | null
  >`(select json_object('score', s.score, 'predictedEr', s.predicted_er, 'measuredEr', s.measured_er) from post_scores s where s.post_id = "posts"."id")`,
};

type WithExtras = PostRow & { metricsJson: string | null; experimentsJson: string | null; scoreJson: string | null };

/** A row read with extrasColumns, split into the post and its extras. */
function splitExtras({ metricsJson, experimentsJson, scoreJson, ...post }: WithExtras): {
  post: PostRow;
  extras: PostExtras;
} {
  return {
    post,
    extras: {
      metrics: metricsJson ? (JSON.parse(metricsJson) as PostMetricsSnapshot) : undefined,
      experiments: experimentsJson ? (JSON.parse(experimentsJson) as PostExperiment[]) : undefined,
      score: scoreJson ? (JSON.parse(scoreJson) as PostScore) : undefined,
    },
  };
}

const ph = sql.placeholder;

// The page statement for one combination of filters, with placeholders for the values: built
// (and its SQL rendered) once per combination and client, not per request. Query building was
// about a tenth of GET /v1/posts' CPU in the bench profile, drizzle's row mapping another tenth
// of its throughput (compiled-select.ts).
const withExtras = { ...getTableColumns(posts), ...extrasColumns };

function buildPageStatement(
  db: Db,
  shape: { persona: boolean; deleted: boolean; status: boolean; origin: boolean; cursor: boolean },
) {
  const where = and(
    shape.persona ? eq(posts.personaId, ph("personaId")) : undefined,
    shape.deleted ? eq(posts.deletedPersonaId, ph("deletedPersonaId")) : undefined,
    shape.status ? eq(posts.status, ph("status")) : undefined,
    shape.origin ? eq(posts.origin, ph("origin")) : undefined,
    shape.cursor
      ? or(lt(posts.createdAt, ph("cursorAt")), and(eq(posts.createdAt, ph("cursorAt")), lt(posts.id, ph("cursorId"))))
      : undefined,
  );
  return compileSelect(
    db,
    withExtras,
    db.select(withExtras).from(posts).where(where).orderBy(desc(posts.createdAt), desc(posts.id)).limit(ph("limit")),
  );
}

function pageStatement(db: Db, args: PostPageArgs) {
  const shape = {
    persona: args.personaId !== undefined,
    deleted: args.deletedPersonaId !== undefined,
    status: args.status !== undefined,
    origin: args.origin !== undefined,
    cursor: args.cursor !== undefined,
  };
  const key = `posts.page:${+shape.persona}${+shape.deleted}${+shape.status}${+shape.origin}${+shape.cursor}`;
  return compiled(db, key, () => buildPageStatement(db, shape));
}

/** A page of posts with each one's extras, in one D1 statement (GET /v1/posts). */
export async function listPostPage(
  db: Db,
  args: PostPageArgs,
): Promise<{ rows: PostRow[]; next: PostCursor | null; extras: (id: string) => PostExtras }> {
  // One more row than asked for tells whether there is a next page.
  const found = await pageStatement(db, args).all({
    personaId: args.personaId,
    deletedPersonaId: args.deletedPersonaId,
    status: args.status,
    origin: args.origin,
    cursorAt: args.cursor?.createdAt,
    cursorId: args.cursor?.id,
    limit: args.limit + 1,
  });
  const extras = new Map<string, PostExtras>();
  const rows = found.map((row) => {
    const split = splitExtras(row);
    extras.set(split.post.id, split.extras);
    return split.post;
  });
  return { ...toPage(rows, args.limit), extras: (id) => extras.get(id) ?? {} };
}

/** One post with its extras, in one D1 statement (GET /v1/posts/:id). */
export async function getPostWithExtras(db: Db, id: string): Promise<{ post: PostRow; extras: PostExtras } | null> {
  const one = compiled(db, "posts.oneWithExtras", () =>
    compileSelect(
      db,
      withExtras,
      db
        .select(withExtras)
        .from(posts)
        .where(eq(posts.id, ph("id"))),
    ),
  );
  const row = await one.get({ id });
  return row ? splitExtras(row) : null;
}

/** Removes the post row only; the caller removes its vector (and nothing is removed from Threads). */
export async function deletePost(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(posts).where(eq(posts.id, id)).returning({ id: posts.id });
  return rows.length > 0;
}
