// The closing summary: one line per figure the issue asks for, with the target beside it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ApiBenchResult } from "./api/run.ts";
import type { DedupBenchResult } from "./dedup/run.ts";
import type { ExperimentsBenchResult } from "./experiments/run.ts";
import type { GuardrailBenchResult } from "./guardrails/run.ts";
import type { ScoreBenchResult } from "./score/run.ts";
import type { QualityBenchResult } from "./quality/run.ts";
import type { GroundedBenchResult } from "./grounded/run.ts";
import type { machine } from "./lib/stats.ts";
import type { PipelineBenchResult } from "./pipeline/run.ts";
import type { SoakResult } from "./soak/run.ts";

export interface Summary {
  date: string;
  quick: boolean;
  machine: ReturnType<typeof machine>;
  stateOn: string;
  seconds?: number;
  results: {
    api?: ApiBenchResult;
    pipeline?: PipelineBenchResult;
    soak?: SoakResult;
    dedup?: DedupBenchResult;
    quality?: QualityBenchResult;
    guardrails?: GuardrailBenchResult;
    score?: ScoreBenchResult;
    grounded?: GroundedBenchResult;
    experiments?: ExperimentsBenchResult;
  };
}

const mark = (met: boolean) => (met ? "ok" : "MISS");

/** The code before issue 12, measured with this bench (bench/baseline.json). */
const baseline = JSON.parse(readFileSync(join(import.meta.dirname, "baseline.json"), "utf8")) as {
  commit: string;
  measured: string;
  pipeline: {
    tasks: number;
    dedupThreshold: number;
    seconds: number;
    postsPerSecond: number;
    stored: number;
    d1RoundTripsPerTask: number;
  };
  api: {
    measured: string;
    postTasksLimitRatio: number;
    getPostsLimitRatio: number;
    postTasksBareRatio: number;
    getPostsBareRatio: number;
  };
};

export function summaryLines(s: Summary): { lines: string[]; failed: boolean } {
  const lines: string[] = [];
  let failed = false;
  const { api, pipeline, soak, dedup, quality, guardrails, experiments, score, grounded } = s.results;
  if (api) {
    const post = api.runs.find((r) => r.title === "POST /v1/tasks");
    const get = api.runs.find((r) => r.title === "GET /v1/posts");
    lines.push(`POST /v1/tasks throughput ratio ${api.postTasksRatio.toFixed(2)} (vs bare worker)`);
    lines.push(`GET /v1/posts throughput ratio ${api.getPostsRatio.toFixed(2)} (vs bare worker)`);
    lines.push(
      `POST /v1/tasks vs limit worker ratio ${api.postTasksLimitRatio.toFixed(2)} (${baseline.api.postTasksLimitRatio.toFixed(2)} at ${baseline.commit}, ${baseline.api.measured})`,
    );
    lines.push(
      `GET /v1/posts vs limit worker ratio ${api.getPostsLimitRatio.toFixed(2)} (${baseline.api.getPostsLimitRatio.toFixed(2)} at ${baseline.commit}, ${baseline.api.measured})`,
    );
    lines.push(`  target vs limit workers >= ${api.targets.limitRatioMin}: ${mark(api.targets.limitMet)}`);
    if (post && get) {
      lines.push(
        `  POST /v1/tasks p50 ${post.p50Ms} ms p99 ${post.p99Ms} ms, ${post.rps} req/s; GET /v1/posts p50 ${get.p50Ms} ms p99 ${get.p99Ms} ms, ${get.rps} req/s`,
      );
    }
    lines.push(`  target ratio >= 0.6 and p99 <= 250 ms: ${mark(api.targets.met)}`);
  }
  if (pipeline) {
    const p = pipeline.perPost;
    lines.push(
      `pipeline: ${pipeline.tasks} tasks terminal in ${pipeline.seconds} s, ${pipeline.tasksPerSecond} tasks/s, ${pipeline.postsPerSecond} posts/s stored, lost=${pipeline.lost} (target <= 120 s: ${mark(pipeline.targets.met)})`,
    );
    lines.push(
      `D1 round trips per post ${pipeline.d1RoundTripsPerPost} (target <= 6: ${mark(pipeline.d1RoundTripsPerPost <= 6)}; ${baseline.pipeline.d1RoundTripsPerTask} at ${baseline.commit})`,
    );
    if (pipeline.tasks === baseline.pipeline.tasks && pipeline.dedupThreshold === baseline.pipeline.dedupThreshold) {
      // Same tasks, every draft stored in both runs: the ratio of the times (the rates are rounded).
      const x = baseline.pipeline.seconds / pipeline.seconds;
      lines.push(
        `pipeline posts/s at ${pipeline.tasks} tasks ${pipeline.postsPerSecond} (${pipeline.statuses["succeeded"] ?? 0} stored in ${pipeline.seconds} s) vs ${baseline.pipeline.postsPerSecond} (${baseline.pipeline.stored} stored in ${baseline.pipeline.seconds} s) at ${baseline.commit}: ${x.toFixed(2)}x (target >= 2x: ${mark(x >= 2)}; DEDUP_THRESHOLD=${pipeline.dedupThreshold} in both; baseline ${baseline.measured})`,
      );
    }
    lines.push(
      `  per post ${p.processingMs} ms in the Worker: offline model ${p.modelMs} ms (${(p.modelShare * 100).toFixed(1)}%), our code + D1 + Durable Object ${p.ourCodeMs} ms`,
    );
    const top = [...p.steps].sort((a, b) => b.meanMs - a.meanMs)[0];
    if (top) lines.push(`  slowest step: ${top.step} (mean ${top.meanMs} ms of ${p.processingMs} ms)`);
    if (pipeline.lost > 0) failed = true;
  }
  if (soak) {
    lines.push(
      `soak: ${soak.tasks} tasks, faults model ${soak.llmFaultRate} / Threads ${soak.threadsFaultRate}${soak.publishingChecked ? "" : " (no publishing in this build)"}, crashes ${soak.crashes}: lost=${soak.lost} unfinished=${soak.unfinished} duplicates=${soak.duplicates}, dead-lettered ${soak.deadLettered}${soak.ok ? "" : " FAILED"}`,
    );
    if (!soak.ok) failed = true;
  }
  if (dedup) {
    const worst = dedup.latency.reduce(
      (a, b) => (b.vectors > a.vectors && b.dimensions === a.dimensions ? b : a),
      dedup.latency[0] ?? { vectors: 0, p95Ms: 0, dimensions: 0 },
    );
    lines.push(
      `dedup: p95 ${worst.p95Ms} ms at ${worst.vectors} vectors x ${worst.dimensions}d; ROC AUC ${dedup.quality.auc.toFixed(3)} (held-out ${dedup.quality.aucHeldOut.toFixed(3)})`,
    );
    for (const c of dedup.comparison) {
      const pr = (x: { precision: number; recall: number }) => `P ${x.precision.toFixed(2)} R ${x.recall.toFixed(2)}`;
      lines.push(
        `dedup ${c.corpus}: ours AUC ${c.ours.auc.toFixed(3)}, ${pr(c.ours.atDefault)} at ${dedup.quality.threshold}; TF-IDF AUC ${c.tfidf.auc.toFixed(3)}, ${pr(c.tfidf.atThreshold)} at ${c.tfidf.threshold}`,
      );
    }
  }
  if (quality) {
    lines.push(
      `quality: ${quality.passed}/${quality.posts} generated posts pass (${(quality.passRate * 100).toFixed(1)}%): language, topic words, no template residue, Threads limits, guardrail`,
    );
  }
  if (guardrails) {
    const r = (x: { rate: number; hits: number; total: number }) => `${x.rate.toFixed(2)} (${x.hits}/${x.total})`;
    const g = guardrails.overall;
    lines.push(
      `guardrails: recall ${r(g.recall)}, false-positive rate ${r(g.falsePositiveRate)}; p95 ${guardrails.p95Ms} ms per text${guardrails.ok ? "" : " MISS"}`,
    );
    for (const [name, h] of Object.entries(guardrails.heldOut))
      lines.push(`  ${name}: recall ${r(h.recall)}, false-positive rate ${r(h.falsePositiveRate)}`);
    const h2 = guardrails.heldOut2;
    const kn = (x: { hits: number; total: number }) => `${x.hits}/${x.total}`;
    lines.push(
      `  public batch 2 test: rules caught ${kn(h2.rules.caught)}, refused ${kn(h2.rules.refused)}; with local second opinion caught ${kn(h2.withLocal.caught)}, refused ${kn(h2.withLocal.refused)}`,
    );
    const h3 = guardrails.heldOut3;
    lines.push(
      `  public batch 3 test: rules caught ${kn(h3.rules.caught)}, refused ${kn(h3.rules.refused)}; with local second opinion caught ${kn(h3.withLocal.caught)}, refused ${kn(h3.withLocal.refused)}`,
    );
  }
  if (grounded) {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    lines.push(
      `grounded: ${pct(grounded.supportedGrounded)} of post sentences supported by a retrieved chunk vs ${pct(grounded.supportedUngrounded)} without sources (held-out, ${grounded.posts} topics; ${grounded.rule})`,
    );
  }
  if (experiments) {
    const e = experiments;
    lines.push(
      `experiments: A/A false-positive rate ${e.aaFalsePositiveRate.toFixed(3)} with a look every 15 min vs naive z-test ${e.naiveFalsePositiveRate.toFixed(3)} over ${e.experiments} (target <= 0.05: ${mark(e.aaFalsePositiveRate <= 0.05)})`,
    );
    lines.push(
      `  power ${(e.power * 100).toFixed(1)}% at +${(e.trueLift * 100).toFixed(1)}%, ${(e.smallLiftPower * 100).toFixed(1)}% at +${(e.smallLift * 100).toFixed(1)}%; median posts to a decision ${e.medianPostsToDecision}; bandit regret ${e.banditRegret.toFixed(3)} vs uniform ${e.uniformRegret.toFixed(3)}`,
    );
    const a = e.audiences;
    lines.push(
      `  best arm found in ${a.found} of ${a.audiences} ${a.allRandom ? "random audiences" : "audiences"} (${a.wrong} wrong, ${a.undecided} undecided); bandit regret ${a.banditRegret.toFixed(3)} vs uniform ${a.uniformRegret.toFixed(3)} there`,
    );
  }
  if (score) {
    score.accounts.forEach((a, i) => {
      lines.push(
        `${i === 0 ? "score on real posts" : `  ${a.account}`}: Spearman ${a.learned} held out (train ${a.train}, test ${a.test}) vs length-only ${a.lengthOnly}; prior alone ${a.prior}; cold start ${a.coldPrior} vs length-only ${a.coldLengthOnly}`,
      );
    });
    if (!score.ok) lines.push("  MISS: the prior alone ranked below length alone on a test split");
  }
  return { lines, failed };
}
