import type { ArmOf } from "../../experiments/dimensions.ts";
import { hookPattern } from "../../score/features.ts";
import { HOOK_FATIGUE_WINDOW_MS, loadScoring, scoreWith, type Scoring } from "../../score/predictor.ts";
import { PipelineHalt } from "../halt.ts";
import type { ScoreOutput, Step, StepContext } from "../types.ts";
import { need } from "../types.ts";
import { rewriteDraft } from "./dedup-rewrite.ts";

// The style a gate rewrite moves to: the first of these the draft did not already use.
const REWRITE_STYLES: ArmOf<"hook_style">[] = [
  "question",
  "statistic",
  "curiosity_gap",
  "story",
  "controversial",
  "personal",
  "urgent",
  "statement",
];

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** The persona's scoring inputs: read with the attempt's claim, else (a caller that did not) in one D1 batch. */
export const scoringFor = async (ctx: StepContext, personaId: string): Promise<Scoring> =>
  ctx.reads?.scoring ?? loadScoring(ctx.db, personaId, ctx.now() - HOOK_FATIGUE_WINDOW_MS);

/**
 * The quality gate. The draft gets a viral score (score/model.ts) with the persona's learned
 * predictor; below the persona's quality_threshold (else QUALITY_THRESHOLD), or when its hook
 * pattern was already used HOOK_FATIGUE_MAX_PER_WEEK times in 7 days, it gets one rewrite in
 * another hook style, or, when a hook_style experiment assigned the style, another hook in the
 * same style (memoised like the dedup rewrite, so a retry bills nothing twice). If the
 * rewrite fails too the task ends `rejected`: low_quality with the score, or hook_fatigue.
 */
export const score: Step<"score"> = async (ctx, state) => {
  const ing = need(state, "ingest");
  const settings = ctx.settings.experiments;
  // The persona row read when this attempt started: a threshold changed before it applies.
  const threshold = ctx.persona?.qualityThreshold ?? settings.qualityThreshold;
  const scoring = await scoringFor(ctx, ing.persona.id);
  const weekAgo = ctx.now() - HOOK_FATIGUE_WINDOW_MS;
  const hooks = settings.fatigueMax > 0 ? scoring.hooks.filter((h) => h.createdAt >= weekAgo).map((h) => h.hook) : [];
  const uses = (hook: string) => hooks.filter((h) => hookPattern(h) === hookPattern(hook)).length;
  const fatigued = (hook: string) => settings.fatigueMax > 0 && uses(hook) >= settings.fatigueMax;

  const arms = ing.arms ?? {};
  const first = { hook: need(state, "hook").text, body: need(state, "body").text, text: need(state, "format").text };
  const firstScore = await ctx.memo("score.first", async () =>
    scoreWith(scoring, first.text, settings.learnedMinPosts),
  );
  const base = { threshold, hook_style: arms.hook_style ?? null };
  if (firstScore.score >= threshold && !fatigued(first.hook)) {
    const output: ScoreOutput = { ...first, arms, scored: firstScore, threshold, rewritten: false, usage: [] };
    return {
      output,
      detail: {
        ...base,
        score: firstScore.score,
        predicted_engagement_rate: firstScore.predicted_engagement_rate,
        model: firstScore.model,
        features: firstScore.features,
        rewritten: false,
      },
    };
  }

  const why = firstScore.score < threshold ? "low_quality" : "hook_fatigue";
  // An experiment's hook_style arm is what the experiment measures: the rewrite keeps it and
  // writes another hook in that style. Only a default or unassigned style moves on.
  const assigned = (ing.experiments ?? []).some((e) => e.dimension === "hook_style") && arms.hook_style !== undefined;
  const current = arms.hook_style ?? (first.hook.trim().endsWith("?") ? "question" : null);
  const style =
    assigned && arms.hook_style ? arms.hook_style : (REWRITE_STYLES.find((s) => s !== current) ?? "question");
  const rewriteArms = { ...arms, hook_style: style };
  // Steer away from the first draft and from this week's hooks of the same pattern.
  const samePattern = hooks.filter((h) => hookPattern(h) === hookPattern(first.hook)).slice(0, 20);
  const rewrite = await rewriteDraft(
    ctx,
    state,
    { avoid: [first.text, ...samePattern], variant: 2, arms: rewriteArms },
    "score.rewrite",
    "gate_rewrite",
  );
  const second = await ctx.memo("score.second", async () =>
    scoreWith(scoring, rewrite.draft.text, settings.learnedMinPosts),
  );
  const firstDetail = {
    first_score: firstScore.score,
    first_reason: why,
    rewrite_hook_style: style,
    usage: rewrite.usage,
  };
  if (second.score < threshold) {
    throw new PipelineHalt(
      "rejected",
      `low_quality: score ${round(second.score)} below the threshold ${threshold} after one rewrite (first draft ${round(firstScore.score)})`,
      {
        ...base,
        reason: "low_quality",
        score: second.score,
        predicted_engagement_rate: second.predicted_engagement_rate,
        model: second.model,
        features: second.features,
        ...firstDetail,
      },
    );
  }
  if (fatigued(rewrite.draft.hook)) {
    throw new PipelineHalt(
      "rejected",
      `hook_fatigue: the hook pattern '${hookPattern(rewrite.draft.hook)}' was used ${uses(rewrite.draft.hook)} times in 7 days (max ${settings.fatigueMax}), also after one rewrite`,
      {
        ...base,
        reason: "hook_fatigue",
        score: second.score,
        ...firstDetail,
      },
    );
  }
  const output: ScoreOutput = {
    ...rewrite.draft,
    arms: rewriteArms,
    scored: second,
    threshold,
    rewritten: true,
    usage: rewrite.usage,
  };
  return {
    output,
    detail: {
      ...base,
      score: second.score,
      predicted_engagement_rate: second.predicted_engagement_rate,
      model: second.model,
      features: second.features,
      rewritten: true,
      ...firstDetail,
    },
  };
};
