import { and, asc, eq, gt, gte, inArray, isNotNull, isNull, lte, or, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Analysis, ExperimentStatus, Policy } from "../experiments/decide.ts";
import type { Dimension } from "../experiments/dimensions.ts";
import type { Db } from "./client.ts";
import {
  experimentArms,
  experimentAssignments,
  experimentDefaults,
  experiments,
  postMetrics,
  posts,
  type ExperimentArmRow,
  type ExperimentRow,
} from "./schema/index.ts";

export interface Experiment extends ExperimentRow {
  arms: ExperimentArmRow[];
}

export interface NewExperiment {
  id: string;
  name: string;
  personaId: string | null;
  dimension: Dimension;
  arms: string[];
  policy: Policy;
  windowHours: number;
  minPostsPerArm: number;
}

export async function insertExperiment(db: Db, e: NewExperiment, now: number): Promise<Experiment> {
  const { arms, ...row } = e;
  await db.batch([
    db.insert(experiments).values({ ...row, status: "running", createdAt: now, updatedAt: now }),
    db
      .insert(experimentArms)
      .values(arms.map((arm, position) => ({ experimentId: e.id, arm, position, weight: 1 / arms.length }))),
  ]);
  const created = await getExperiment(db, e.id);
  if (!created) throw new Error(`experiment ${e.id} vanished after insert`);
  return created;
}

async function withArms(db: Db, rows: ExperimentRow[]): Promise<Experiment[]> {
  if (rows.length === 0) return [];
  const arms = await db
    .select()
    .from(experimentArms)
    .where(
      inArray(
        experimentArms.experimentId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(experimentArms.position))
    .all();
  return joinArms(rows, arms);
}

export async function getExperiment(db: Db, id: string): Promise<Experiment | null> {
  const row = await db.select().from(experiments).where(eq(experiments.id, id)).get();
  return row ? ((await withArms(db, [row]))[0] ?? null) : null;
}

export async function listExperiments(
  db: Db,
  args: { limit: number; after?: string; personaId?: string; status?: ExperimentStatus },
): Promise<Experiment[]> {
  const rows = await db
    .select()
    .from(experiments)
    .where(
      and(
        args.after ? gt(experiments.id, args.after) : undefined,
        args.personaId ? eq(experiments.personaId, args.personaId) : undefined,
        args.status ? eq(experiments.status, args.status) : undefined,
      ),
    )
    .orderBy(asc(experiments.id))
    .limit(args.limit)
    .all();
  return withArms(db, rows);
}

// Running experiments that apply to a persona (its own or all-persona), by id or by a subquery
// that selects it (the attempt's claim batch, db/tasks.ts), in creation order.
const appliesTo = (personaId: string | SQLWrapper) =>
  and(
    eq(experiments.status, "running"),
    or(
      typeof personaId === "string" ? eq(experiments.personaId, personaId) : inArray(experiments.personaId, personaId),
      isNull(experiments.personaId),
    ),
  );

/** The running experiments for a persona and their arms: two statements, to batch with others. */
export const runningExperimentsQueries = (db: Db, personaId: string | SQLWrapper) =>
  [
    db.select().from(experiments).where(appliesTo(personaId)).orderBy(asc(experiments.createdAt), asc(experiments.id)),
    db
      .select()
      .from(experimentArms)
      .where(
        inArray(
          experimentArms.experimentId,
          db.select({ id: experiments.id }).from(experiments).where(appliesTo(personaId)),
        ),
      )
      .orderBy(asc(experimentArms.position)),
  ] as const;

export const joinArms = (rows: ExperimentRow[], arms: ExperimentArmRow[]): Experiment[] =>
  rows.map((r) => ({ ...r, arms: arms.filter((a) => a.experimentId === r.id) }));

export async function runningExperimentsFor(db: Db, personaId: string): Promise<Experiment[]> {
  const [rows, arms] = await db.batch(runningExperimentsQueries(db, personaId));
  return joinArms(rows, arms);
}

export async function listRunningExperiments(db: Db): Promise<Experiment[]> {
  return withArms(db, await db.select().from(experiments).where(eq(experiments.status, "running")).all());
}

export async function updateExperiment(
  db: Db,
  id: string,
  set: Partial<Pick<ExperimentRow, "status" | "winner" | "pValue" | "decision" | "evaluatedAt" | "decidedAt">>,
  now: number,
): Promise<void> {
  await db
    .update(experiments)
    .set({ ...set, updatedAt: now })
    .where(eq(experiments.id, id));
}

/** Only a running experiment moves to a final status; false when it had already finished. */
export async function finishExperiment(
  db: Db,
  id: string,
  set: {
    status: Exclude<ExperimentStatus, "running">;
    winner: string | null;
    pValue: number | null;
    decision: Analysis | null;
  },
  now: number,
): Promise<boolean> {
  const rows = await db
    .update(experiments)
    .set({ ...set, decidedAt: now, evaluatedAt: now, updatedAt: now })
    .where(and(eq(experiments.id, id), eq(experiments.status, "running")))
    .returning({ id: experiments.id });
  return rows.length > 0;
}

export async function setArmWeights(db: Db, id: string, weights: { arm: string; weight: number }[]): Promise<void> {
  const [first, ...rest] = weights.map((w) =>
    db
      .update(experimentArms)
      .set({ weight: w.weight })
      .where(and(eq(experimentArms.experimentId, id), eq(experimentArms.arm, w.arm))),
  );
  if (first) await db.batch([first, ...rest]);
}

// ---------------------------------------------------------------------------------------------
// Assignments

export interface AssignmentInput {
  experimentId: string;
  taskId: string;
  personaId: string;
  dimension: Dimension;
  arm: string;
}

/** Idempotent: a resumed ingest keeps the first assignment. */
export async function insertAssignments(db: Db, rows: AssignmentInput[], now: number): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(experimentAssignments)
    .values(rows.map((r) => ({ ...r, assignedAt: now })))
    .onConflictDoNothing();
}

/** The statement that links a task's assignments to its post (batched with the post's insert), only while `when` holds (the store batch's guard). */
export const attachPostToAssignments = (db: Db, taskId: string, postId: string, when: SQL) =>
  db
    .update(experimentAssignments)
    .set({ postId })
    .where(and(eq(experimentAssignments.taskId, taskId), when));

export type PostExperiment = { id: string; dimension: Dimension; arm: string };

/** Stored posts per arm (the counts the sample-ratio check compares with the split). */
export async function postsPerArm(db: Db, experimentId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ arm: experimentAssignments.arm })
    .from(experimentAssignments)
    .where(and(eq(experimentAssignments.experimentId, experimentId), isNotNull(experimentAssignments.postId)))
    .all();
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.arm, (out.get(r.arm) ?? 0) + 1);
  return out;
}

export interface Measured {
  postId: string;
  arm: string;
  views: number;
  interactions: number;
}

const HOUR = 3_600_000;

/**
 * Each assigned, published post with a reading at the decision window: the reading nearest to
 * published_at + window within ±1 h (insights are polled hourly at that age), so every post is
 * measured at the same age. Posts without such a reading yet are not counted.
 */
export async function measuredPosts(
  db: Db,
  experimentId: string,
  windowHours: number,
  now: number,
): Promise<Measured[]> {
  const w = windowHours * HOUR;
  const rows = await db
    .select({
      postId: posts.id,
      arm: experimentAssignments.arm,
      publishedAt: posts.publishedAt,
      capturedAt: postMetrics.capturedAt,
      views: postMetrics.views,
      likes: postMetrics.likes,
      replies: postMetrics.replies,
      reposts: postMetrics.reposts,
      quotes: postMetrics.quotes,
      shares: postMetrics.shares,
    })
    .from(experimentAssignments)
    .innerJoin(posts, eq(posts.id, experimentAssignments.postId))
    .innerJoin(postMetrics, eq(postMetrics.postId, posts.id))
    .where(
      and(
        eq(experimentAssignments.experimentId, experimentId),
        isNotNull(posts.publishedAt),
        lte(posts.publishedAt, now - w + HOUR),
        gte(postMetrics.capturedAt, posts.publishedAt),
      ),
    )
    .all();
  const best = new Map<string, { gap: number; m: Measured }>();
  for (const r of rows) {
    if (r.publishedAt === null) continue;
    const gap = Math.abs(r.capturedAt - (r.publishedAt + w));
    if (gap > HOUR || r.capturedAt > now) continue;
    const prev = best.get(r.postId);
    if (!prev || gap < prev.gap)
      best.set(r.postId, {
        gap,
        m: {
          postId: r.postId,
          arm: r.arm,
          views: r.views,
          interactions: r.likes + r.replies + r.reposts + r.quotes + r.shares,
        },
      });
  }
  return [...best.values()].map((b) => b.m);
}

// ---------------------------------------------------------------------------------------------
// Promoted defaults

export const ALL_PERSONAS = "*";

export async function promoteDefault(
  db: Db,
  args: { personaId: string | null; dimension: Dimension; arm: string; experimentId: string },
  now: number,
): Promise<void> {
  const personaId = args.personaId ?? ALL_PERSONAS;
  await db
    .insert(experimentDefaults)
    .values({ personaId, dimension: args.dimension, arm: args.arm, experimentId: args.experimentId, promotedAt: now })
    .onConflictDoUpdate({
      target: [experimentDefaults.personaId, experimentDefaults.dimension],
      set: { arm: args.arm, experimentId: args.experimentId, promotedAt: now },
    });
}

/** Promoted winners for a persona (its own, and the all-persona ones), by id or by a subquery that selects it. */
export const defaultsQuery = (db: Db, personaId: string | SQLWrapper) =>
  db
    .select()
    .from(experimentDefaults)
    .where(
      typeof personaId === "string"
        ? inArray(experimentDefaults.personaId, [personaId, ALL_PERSONAS])
        : or(inArray(experimentDefaults.personaId, personaId), eq(experimentDefaults.personaId, ALL_PERSONAS)),
    );

/** Dimension → arm: the persona's own winner over the all-persona one. */
export function defaultsOf(rows: (typeof experimentDefaults.$inferSelect)[]): Map<Dimension, string> {
  const out = new Map<Dimension, string>();
  for (const r of rows.filter((r) => r.personaId === ALL_PERSONAS)) out.set(r.dimension, r.arm);
  for (const r of rows.filter((r) => r.personaId !== ALL_PERSONAS)) out.set(r.dimension, r.arm);
  return out;
}

export async function defaultsFor(db: Db, personaId: string): Promise<Map<Dimension, string>> {
  return defaultsOf(await defaultsQuery(db, personaId).all());
}
