// Everything D1 holds for a persona, removed or moved to history in one atomic batch
// (D1 runs a batch as one transaction): the persona row, its account and token, pending OAuth
// states, its queued and running tasks (cancelled), its drafts, scheduled and unpublished
// posts (deleted), its experiment assignments, promoted defaults, own experiments and score model
// (deleted), its sources with their items and chunks (deleted), its imported posts with their readings, its history syncs and its replies inbox (deleted). Published posts, their viral scores, their metrics, follower counts and finished tasks stay as
// history under the tombstone id '<id>~<ms>' (not a slug, so no live persona can have it),
// or are deleted too with `purge`. The Durable Object's storage and the vectors are the
// PersonaAgent's part (durable-objects/persona-agent.ts erasePersona).
import { and, eq, inArray, ne, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { eraseSourceStatements } from "../db/sources.ts";
import {
  experimentArms,
  experimentAssignments,
  experimentDefaults,
  experiments,
  followerSnapshots,
  historyJobs,
  personas,
  postMetrics,
  postScores,
  posts,
  replies,
  scoreModels,
  learnedScoreModels,
  taskSteps,
  tasks,
  threadsAccounts,
  threadsOauthStates,
} from "../db/schema/index.ts";

export interface EraseReport {
  persona_id: string;
  purged: boolean;
  tasks_cancelled: number;
  posts_deleted: number;
  /** Published posts kept as history under `tombstone_id` (0 with purge). */
  posts_kept: number;
  account_deleted: boolean;
  tombstone_id: string | null;
}

export const CANCELLED_BY_DELETE = "cancelled: the persona was deleted";

export const tombstoneId = (personaId: string, deletedAt: number): string => `${personaId}~${deletedAt}`;

/** Ids of every post of the persona (their vectors are removed before the rows go). */
export async function personaPostIds(db: Db, personaId: string): Promise<string[]> {
  const rows = await db.select({ id: posts.id }).from(posts).where(eq(posts.personaId, personaId)).all();
  return rows.map((r) => r.id);
}

export async function erasePersonaRows(
  db: Db,
  personaId: string,
  opts: { purge: boolean; now: number },
): Promise<EraseReport> {
  const { now, purge } = opts;
  const tomb = tombstoneId(personaId, now);
  const history = { personaId: tomb, deletedPersonaId: personaId, personaDeletedAt: now };
  // Not kept as history: unpublished posts, and imported ones (the account's own past, not ours).
  const notKept = and(eq(posts.personaId, personaId), or(ne(posts.status, "published"), eq(posts.origin, "imported")));
  const importedIds = db
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.personaId, personaId), eq(posts.origin, "imported")));
  const [persona, cancelled, , , deleted, account] = await db.batch([
    db.delete(personas).where(eq(personas.id, personaId)).returning({ id: personas.id }),
    db
      .update(tasks)
      .set({ status: "cancelled", error: CANCELLED_BY_DELETE, updatedAt: now, finishedAt: now })
      .where(and(eq(tasks.personaId, personaId), inArray(tasks.status, ["queued", "running"])))
      .returning({ id: tasks.id }),
    db.delete(postScores).where(inArray(postScores.postId, db.select({ id: posts.id }).from(posts).where(notKept))),
    db.delete(postMetrics).where(inArray(postMetrics.postId, importedIds)),
    db.delete(posts).where(notKept).returning({ id: posts.id }),
    db
      .delete(threadsAccounts)
      .where(eq(threadsAccounts.personaId, personaId))
      .returning({ id: threadsAccounts.personaId }),
    db.delete(threadsOauthStates).where(eq(threadsOauthStates.personaId, personaId)),
    // Replies are other people's words and our answers in progress: never kept as history.
    db.delete(replies).where(eq(replies.personaId, personaId)),
    // Experiments: its arm assignments, promoted defaults and score model go; its own
    // experiments too (all-persona ones stay, without this persona's posts).
    db.delete(experimentAssignments).where(eq(experimentAssignments.personaId, personaId)),
    db.delete(experimentDefaults).where(eq(experimentDefaults.personaId, personaId)),
    db.delete(scoreModels).where(eq(scoreModels.personaId, personaId)),
    db.delete(learnedScoreModels).where(eq(learnedScoreModels.personaId, personaId)),
    db
      .delete(experimentArms)
      .where(
        inArray(
          experimentArms.experimentId,
          db.select({ id: experiments.id }).from(experiments).where(eq(experiments.personaId, personaId)),
        ),
      ),
    db.delete(experiments).where(eq(experiments.personaId, personaId)),
    db.delete(historyJobs).where(eq(historyJobs.personaId, personaId)),
    // Its sources, items and chunks (their vectors went before: the agent's storage or Vectorize).
    ...eraseSourceStatements(db, personaId),
    ...(purge
      ? [
          db.delete(postMetrics).where(eq(postMetrics.personaId, personaId)),
          db.delete(postScores).where(eq(postScores.personaId, personaId)),
          db.delete(followerSnapshots).where(eq(followerSnapshots.personaId, personaId)),
          db
            .delete(taskSteps)
            .where(
              inArray(taskSteps.taskId, db.select({ id: tasks.id }).from(tasks).where(eq(tasks.personaId, personaId))),
            ),
          db.delete(tasks).where(eq(tasks.personaId, personaId)),
          db.delete(posts).where(eq(posts.personaId, personaId)),
        ]
      : [
          db.update(postMetrics).set({ personaId: tomb }).where(eq(postMetrics.personaId, personaId)),
          db.update(postScores).set({ personaId: tomb }).where(eq(postScores.personaId, personaId)),
          db.update(followerSnapshots).set({ personaId: tomb }).where(eq(followerSnapshots.personaId, personaId)),
          // Idempotency keys are released: a same-id persona's autopilot names the same slots.
          db
            .update(tasks)
            .set({ ...history, idempotencyKey: null })
            .where(eq(tasks.personaId, personaId)),
          db.update(posts).set(history).where(eq(posts.personaId, personaId)),
        ]),
  ] as const);
  const kept = purge ? 0 : await countKept(db, tomb);
  return {
    persona_id: personaId,
    purged: purge,
    tasks_cancelled: cancelled.length,
    posts_deleted: deleted.length,
    posts_kept: kept,
    account_deleted: account.length > 0,
    tombstone_id: purge || persona.length === 0 ? null : tomb,
  };
}

async function countKept(db: Db, tomb: string): Promise<number> {
  const row = await db.select({ n: sql<number>`count(*)` }).from(posts).where(eq(posts.personaId, tomb)).get();
  return row?.n ?? 0;
}
