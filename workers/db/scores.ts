import { and, desc, eq, gte, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Scored } from "../score/model.ts";
import { priorModel, type ModelState } from "../score/model.ts";
import type { Db } from "./client.ts";
import { posts, postScores, scoreModels, type PostScoreRow } from "./schema/index.ts";

/** Idempotent: a retried store keeps the first score. */
export async function recordPostScore(db: Db, args: { postId: string; personaId: string; scored: Scored }, now: number): Promise<void> {
  await db
    .insert(postScores)
    .values({ postId: args.postId, personaId: args.personaId, score: args.scored.score, predictedEr: args.scored.predicted_engagement_rate, features: args.scored.features, createdAt: now })
    .onConflictDoNothing();
}

export async function scoresOfPosts(db: Db, postIds: string[]): Promise<Map<string, PostScoreRow>> {
  const out = new Map<string, PostScoreRow>();
  for (let i = 0; i < postIds.length; i += 90) {
    for (const r of await db.select().from(postScores).where(inArray(postScores.postId, postIds.slice(i, i + 90))).all()) out.set(r.postId, r);
  }
  return out;
}

export async function loadModel(db: Db, personaId: string): Promise<ModelState> {
  const row = await db.select().from(scoreModels).where(eq(scoreModels.personaId, personaId)).get();
  return row ? { n: row.n, a: row.a, b: row.b } : priorModel();
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
  return db.select().from(postScores).where(isNull(postScores.learnedAt)).orderBy(postScores.createdAt).limit(limit).all();
}

export async function markLearned(db: Db, postId: string, measuredEr: number, now: number): Promise<void> {
  await db.update(postScores).set({ measuredEr, learnedAt: now }).where(eq(postScores.postId, postId));
}

/** Hooks of the persona's posts created since `since` (the fatigue rule counts their patterns). */
export async function recentHooks(db: Db, personaId: string, since: number): Promise<string[]> {
  const rows = await db.select({ hook: posts.hook }).from(posts).where(and(eq(posts.personaId, personaId), gte(posts.createdAt, since))).limit(2000).all();
  return rows.map((r) => r.hook);
}
