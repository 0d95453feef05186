import type { ModelUsage } from "../../db/schema/index.ts";
import { DEDUP_TOP_K, thresholdFor, windowStart } from "../../dedup/settings.ts";
import type { PostText } from "../../db/dedup.ts";
import { similarPosts, type SimilarPost } from "../../dedup/similar.ts";
import { costUsd } from "../../providers/llm/pricing.ts";
import { PipelineHalt } from "../halt.ts";
import type { DedupOutput, Step, StepContext } from "../types.ts";
import { need } from "../types.ts";
import { rewriteDraft, type Draft } from "./dedup-rewrite.ts";
import { postIdForTask } from "./store.ts";
import { sameSourcePosts } from "../../sources/same-source.ts";

interface Checked {
  vector: number[];
  near: SimilarPost[];
  over: SimilarPost[];
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Compares the formatted post with the persona's posts of the look-back window. A near-duplicate
 * gets one rewrite that is told what it resembled; if the rewrite is still a near-duplicate the
 * task ends `duplicate`. Runs under the persona's lock (runner.ts), so the posts it compares
 * with include every post stored before it.
 */
export const dedup: Step<"dedup"> = async (ctx, state) => {
  const ing = need(state, "ingest");
  const embedder = ctx.vectors.embedder;
  const threshold = thresholdFor(ctx.settings.dedup, embedder.id, ctx.persona?.dedupThreshold);
  const usage: ModelUsage[] = [];
  // Posts' texts read by the first check, reused by the rewrite's (the lock is held throughout).
  const seen = new Map<string, PostText>();
  const check = async (which: string, text: string): Promise<Checked> => {
    const embedded = await ctx.memo(`dedup.embed.${which}`, () => ctx.vectors.embed(text));
    if (embedded.tokens > 0) usage.push(embeddingUsage(ctx, embedded.tokens));
    const near = await similarPosts(
      ctx.db,
      ctx.vectors,
      ing.persona.id,
      embedded.vector,
      {
        topK: DEDUP_TOP_K,
        createdAfter: windowStart(ctx.settings.dedup, ctx.now()),
        exclude: [postIdForTask(ctx.task.id)], // our own vector, if a retry already indexed it
      },
      seen,
    );
    const over = near.filter((n) => n.similarity >= threshold);
    // A post from a source is also compared with every earlier post from that source, at any age.
    const sourceId = state.retrieve?.sourceId;
    if (sourceId) {
      const same = await sameSourcePosts(
        ctx.db,
        ctx.vectors,
        ing.persona.id,
        embedded.vector,
        sourceId,
        [postIdForTask(ctx.task.id)],
        seen,
      );
      for (const p of same) if (p.similarity >= threshold && !over.some((o) => o.postId === p.postId)) over.push(p);
      over.sort((a, b) => b.similarity - a.similarity);
    }
    return { vector: embedded.vector, near, over };
  };
  const base = { embedder: embedder.id, threshold, window_days: ctx.settings.dedup.windowDays };

  // The draft the quality gate kept (the first one or its rewrite).
  const gated = need(state, "score");
  const firstDraft: Draft = { hook: gated.hook, body: gated.body, text: gated.text };
  const first = await check("first", firstDraft.text);
  if (first.over.length === 0) {
    return {
      output: output(firstDraft, first, false, usage, embedder.id, threshold),
      detail: { ...base, ...best(first), rewritten: false, compared: first.near.length },
    };
  }

  const rewrite = await rewriteDraft(
    ctx,
    state,
    { avoid: first.over.map((p) => p.text), variant: 1 },
    "dedup.rewrite",
    "rewrite",
  );
  usage.push(...rewrite.usage);
  const second = await check("rewrite", rewrite.draft.text);
  const firstBest = {
    first_similarity: round(first.over[0]?.similarity ?? 0),
    first_similar_post_id: first.over[0]?.postId ?? null,
  };
  const secondBest = second.over[0];
  if (secondBest) {
    throw new PipelineHalt(
      "duplicate",
      `still a duplicate after one rewrite: similarity ${round(secondBest.similarity)} to post ${secondBest.postId} (threshold ${threshold})`,
      {
        ...base,
        similar_post_id: secondBest.postId,
        similarity: round(secondBest.similarity),
        ...firstBest,
        rewritten: true,
        usage: rewrite.usage,
      },
    );
  }
  return {
    output: output(rewrite.draft, second, true, usage, embedder.id, threshold),
    detail: {
      ...base,
      ...best(second),
      ...firstBest,
      rewritten: true,
      usage: rewrite.usage,
      checks: rewrite.checks,
      format_changes: rewrite.changes,
    },
  };
};

function best(c: Checked): { similarity: number; similar_post_id: string | null } {
  const top = c.near[0];
  return { similarity: round(top?.similarity ?? 0), similar_post_id: top?.postId ?? null };
}

function output(
  draft: Draft,
  c: Checked,
  rewritten: boolean,
  usage: ModelUsage[],
  embedder: string,
  threshold: number,
): DedupOutput {
  return {
    ...draft,
    rewritten,
    usage,
    vector: c.vector,
    embedder,
    threshold,
    similarity: c.near[0]?.similarity ?? 0,
    similarPostId: c.near[0]?.postId ?? null,
  };
}

function embeddingUsage(ctx: StepContext, tokens: number): ModelUsage {
  const id = ctx.vectors.embedder.id;
  // "openai:text-embedding-3-small@512", "workers-ai:@cf/baai/bge-base-en-v1.5#cls" -> the priced model name
  const model = id.slice(id.indexOf(":") + 1).replace(/(#.*|@\d+.*|\(.*)$/, "");
  return {
    step: "dedup_embed",
    model,
    provider: id.slice(0, id.indexOf(":")),
    prompt_tokens: tokens,
    completion_tokens: 0,
    cost_usd: costUsd(model, tokens, 0, ctx.settings.generation.priceOverrides),
  };
}
