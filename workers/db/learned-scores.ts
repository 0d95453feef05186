// D1 side of the learned score (workers/score/learned.ts): the persona's posts with metrics it
// trains on, the personas with new metrics since their last fit, and the stored model.
import { eq, inArray, sql, type SQLWrapper } from "drizzle-orm";
import type { Db } from "./client.ts";
import { learnedScoreModels, type LearnedScoreModelRow, type TrainingPost } from "./schema/index.ts";

/** The most posts a persona's model is fitted on (its latest). */
export const MAX_TRAINING_POSTS = 2000;

/**
 * Every post of the persona with metrics, whatever its origin, at its latest insights: text,
 * publication time (else creation) and counts; newest first, at most MAX_TRAINING_POSTS.
 */
export async function trainingPosts(db: Db, personaId: string): Promise<TrainingPost[]> {
  const rows = await db.all<{ text: string; at: number; views: number; interactions: number }>(sql`
    SELECT p.text AS text, coalesce(p.published_at, p.created_at) AS at, m.views AS views,
           m.likes + m.replies + m.reposts + m.quotes AS interactions
    FROM posts p
    JOIN post_metrics m ON m.post_id = p.id
    WHERE p.persona_id = ${personaId} AND m.views > 0
      AND m.captured_at = (SELECT max(captured_at) FROM post_metrics WHERE post_id = p.id)
    ORDER BY at DESC
    LIMIT ${MAX_TRAINING_POSTS}`);
  return rows.map((r) => ({ text: r.text, at: r.at, views: r.views, interactions: r.interactions }));
}

/** Personas with metrics newer (by row id) than their model saw, and the newest id; at most `limit`. */
export async function personasToRefit(db: Db, limit: number): Promise<{ personaId: string; metricsId: number }[]> {
  return db.all<{ personaId: string; metricsId: number }>(sql`
    SELECT m.persona_id AS personaId, max(m.id) AS metricsId
    FROM post_metrics m
    JOIN personas ps ON ps.id = m.persona_id
    GROUP BY m.persona_id
    HAVING max(m.id) > coalesce((SELECT metrics_id FROM learned_score_models l WHERE l.persona_id = m.persona_id), 0)
    LIMIT ${limit}`);
}

/** The persona's newest post_metrics row id (0 without readings): what a refit has seen. */
export async function latestMetricsId(db: Db, personaId: string): Promise<number> {
  const rows = await db.all<{ id: number | null }>(
    sql`SELECT max(id) AS id FROM post_metrics WHERE persona_id = ${personaId}`,
  );
  return rows[0]?.id ?? 0;
}

export const learnedModelQuery = (db: Db, personaId: string | SQLWrapper) =>
  db
    .select()
    .from(learnedScoreModels)
    .where(
      typeof personaId === "string"
        ? eq(learnedScoreModels.personaId, personaId)
        : inArray(learnedScoreModels.personaId, personaId),
    )
    .limit(1);

export async function loadLearnedModel(db: Db, personaId: string): Promise<LearnedScoreModelRow | null> {
  return (await learnedModelQuery(db, personaId).all())[0] ?? null;
}

export async function saveLearnedModel(db: Db, row: LearnedScoreModelRow): Promise<void> {
  const { personaId, ...rest } = row;
  await db
    .insert(learnedScoreModels)
    .values(row)
    .onConflictDoUpdate({ target: learnedScoreModels.personaId, set: rest });
}
