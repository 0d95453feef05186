import { touchPost } from "../../db/post-publishing.ts";
import { insertPost } from "../../db/posts.ts";
import { attachPostToAssignments } from "../../db/experiments.ts";
import { recordPostScore } from "../../db/scores.ts";
import { scoreWith } from "../../score/predictor.ts";
import { scoringFor } from "./score.ts";
import { placePost, withSlotLock } from "../../publishing/placement.ts";
import { taskStillWanted, taskWanted } from "../../lifecycle/guard.ts";
import { PipelineHalt } from "../halt.ts";
import { markItemUsed } from "../../db/sources.ts";
import type { Step } from "../types.ts";
import { need } from "../types.ts";

/** The post id derives from the task id, so a retried store finds its post instead of making another. */
export const postIdForTask = (taskId: string): string => `pst_${taskId.replace(/^tsk_/, "")}`;

export const store: Step<"store"> = async (ctx, state) => {
  const ing = need(state, "ingest");
  const hook = need(state, "hook");
  const body = need(state, "body");
  // The dedup step's text is the first draft or its rewrite; the rewrite's calls were billed too.
  const final = need(state, "dedup");
  const gate = state.score;
  const models = [hook.usage, body.usage, ...(gate?.usage ?? []), ...final.usage];
  const now = ctx.now();
  const postId = postIdForTask(ctx.task.id);
  // The score of the text actually stored (a dedup rewrite changes it after the gate).
  const scored = gate
    ? final.rewritten
      ? scoreWith(await scoringFor(ctx, ing.persona.id), final.text, ctx.settings.experiments.learnedMinPosts)
      : gate.scored
    : null;
  // The post, its experiment assignments and its score: one D1 batch, every write of it only
  // while the task is still wanted (not cancelled, its persona not deleted), decided in D1.
  const wanted = taskWanted(ctx.task.id);
  const grounded = state.retrieve;
  const alongside = [
    attachPostToAssignments(ctx.db, ctx.task.id, postId, wanted),
    // The repurposed item counts as used (autopilot takes the newest unused one).
    ...(grounded?.itemId ? [markItemUsed(ctx.db, grounded.itemId, now)] : []),
    ...(scored ? [recordPostScore(ctx.db, { postId, personaId: ing.persona.id, scored }, now, wanted)] : []),
  ];
  // Placing and inserting under the persona's slot lock: concurrent tasks take distinct slots.
  const post = await withSlotLock(ing.persona.id, async () => {
    const placed = await placePost(ctx.db, ing.persona.id, ing.publish, now, ing.arms?.post_hour);
    const row = await insertPost(
      ctx.db,
      {
        id: postId,
        personaId: ing.persona.id,
        taskId: ctx.task.id,
        hook: final.hook,
        body: final.body,
        text: final.text,
        topic: ing.topic,
        trend: state.trend_research?.trend?.topic ?? null,
        status: placed.status,
        promptTokens: models.reduce((n, m) => n + m.prompt_tokens, 0),
        completionTokens: models.reduce((n, m) => n + m.completion_tokens, 0),
        costUsd: models.reduce((n, m) => n + m.cost_usd, 0),
        models,
        scheduledAt: placed.scheduledAt,
        scheduleSlot: placed.slot ?? false,
        sources: grounded?.sources.length ? grounded.sources : null,
        sourceId: grounded?.sourceId ?? null,
        sourceItemId: grounded?.itemId ?? null,
      },
      now,
      alongside,
      wanted,
    );
    const fresh = row !== null && row.createdAt === now;
    if (fresh && placed.note) await touchPost(ctx.db, row.id, now, placed.note);
    return { row, fresh };
  });
  // Not stored now: the task is no longer wanted, or a retry found the post an earlier attempt
  // stored. Only then is the reason read (taskStillWanted), so a stored post costs no read.
  const stop = post.fresh ? null : await taskStillWanted(ctx.db, ctx.task.id);
  if (stop) throw new PipelineHalt("cancelled", stop);
  if (!post.row) throw new Error(`post ${postId} was neither stored nor found`);
  // Same id as the post, so a retried store replaces the vector instead of adding a second one.
  const { row } = post;
  const indexed = await ctx.vectors.add(ing.persona.id, row.id, final.vector, row.createdAt);
  return {
    output: { postId: row.id, status: row.status, scheduledAt: row.scheduledAt },
    detail: { post_id: row.id, status: row.status, indexed },
  };
};
