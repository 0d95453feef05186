import { and, desc, eq, gte, inArray, isNotNull, isNull, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Scored } from "../score/model.ts";
import { priorModel, type ModelState } from "../score/model.ts";
import type { Db } from "./client.ts";
import { rowWhere } from "./insert-where.ts";
import { posts, postScores, scoreModels, type PostScoreRow } from "./schema/index.ts";

/**
 * Idempotent: a retried store keeps the first score. A statement, batched with the post's insert,
 * written only while `when` holds (the store batch's guard: lifecycle/guard.ts taskWanted).
 */
export const recordPostScore = (
  db: Db,
  args: { postId: string; personaId: string; scored: Scored },
  now: number,
  when: SQL,
) => {
  const row = {
    postId: args.postId,
    personaId: args.personaId,
    score: args.scored.score,
    predictedEr: args.scored.predicted_engagement_rate,
    features: args.scored.features,
    createdAt: now,
  };
  return db
    .insert(postScores)
    .select(rowWhere(postScores, row, when))
    .onConflictDoNothing();
};

// Each by a persona id, or by a subquery that selects it (the attempt's claim batch, db/tasks.ts).
const ofPersona = (
  column: typeof postScores.personaId | typeof scoreModels.personaId | typeof posts.personaId,
  personaId: string | SQLWrapper,
) => (typeof personaId === "string" ? eq(column, personaId) : inArray(column, personaId));

export const modelQuery = (db: Db, personaId: string | SQLWrapper) =>
  db.select().from(scoreModels).where(ofPersona(scoreModels.personaId, personaId)).limit(1);

export const modelOf = (rows: { n: number; a: number[][]; b: number[] }[]): ModelState => {
  const row = rows[0];
  return row ? { n: row.n, a: row.a, b: row.b } : priorModel();
};

export async function loadModel(db: Db, personaId: string): Promise<ModelState> {
  return modelOf(await modelQuery(db, personaId).all());
}

export async function saveModel(db: Db, personaId: string, m: ModelState, now: number): Promise<void> {
  await db
    .insert(scoreModels)
    .values({ personaId, n: m.n, a: m.a, b: m.b, updatedAt: now })
    .onConflictDoUpdate({ target: scoreModels.personaId, set: { n: m.n, a: m.a, b: m.b, updatedAt: now } });
}

/** The persona's measured posts, newest first (predicted vs measured ER). */
export async function measuredScores(db: Db, personaId: string, limit = 500): Promise<PostScoreRow[]> {
  return db
    .select()
    .from(postScores)
    .where(and(eq(postScores.personaId, personaId), isNotNull(postScores.measuredEr)))
    .orderBy(desc(postScores.createdAt))
    .limit(limit)
    .all();
}

/** Scores of posts whose engagement has not been learned yet. */
export async function unlearnedScores(db: Db, limit = 200): Promise<PostScoreRow[]> {
  return db
    .select()
    .from(postScores)
    .where(isNull(postScores.learnedAt))
    .orderBy(postScores.createdAt)
    .limit(limit)
    .all();
}

export async function markLearned(db: Db, postId: string, measuredEr: number, now: number): Promise<void> {
  await db.update(postScores).set({ measuredEr, learnedAt: now }).where(eq(postScores.postId, postId));
}

/** Measured ERs of the persona's posts, newest first (the baseline is their median). */
export const measuredErsQuery = (db: Db, personaId: string | SQLWrapper, limit: number) =>
  db
    .select({ er: postScores.measuredEr })
    .from(postScores)
    .where(and(ofPersona(postScores.personaId, personaId), isNotNull(postScores.measuredEr)))
    .orderBy(desc(postScores.createdAt))
    .limit(limit);

/** Hooks of the persona's posts created since `since`, a time or a placeholder for one (the fatigue rule counts their patterns). */
export const recentHooksQuery = (db: Db, personaId: string | SQLWrapper, since: number | SQLWrapper) =>
  db
    .select({ hook: posts.hook, createdAt: posts.createdAt })
    .from(posts)
    .where(and(ofPersona(posts.personaId, personaId), gte(posts.createdAt, since)))
    .limit(2000);
