// Pipeline throughput: N offline tasks over 20 personas through the real queue, consumer and
// Durable Objects of `wrangler dev --local`; time until every task is terminal, posts per
// second, and per post the time in our code versus in the (offline) model.
import { ApiClient, BENCH_API_KEY, TERMINAL } from "../lib/api.ts";
import { runLoad } from "../lib/load-run.ts";
import { benchPersonas, createPersonas } from "../lib/personas.ts";
import { join } from "node:path";
import { round } from "../lib/stats.ts";
import { startProfile } from "../lib/cpu-profile.ts";
import type { ProfileSummary } from "../lib/cpu-profile.ts";
import { derivedConfig } from "../lib/config.ts";
import { ROOT, startDev } from "../lib/wrangler.ts";
import { countStatuses, postTimes } from "./metrics.ts";
import type { PostTimes } from "./metrics.ts";
import { measureModelTime } from "./model-time.ts";
import type { ModelTime } from "./model-time.ts";
import { idleProbe, loadProbe } from "./probe.ts";
import type { ProbeResult } from "./probe.ts";

/**
 * The pipeline benchmark stores every draft: with DEDUP_THRESHOLD=1 only an identical text is a
 * duplicate, so each of the N tasks runs every step (dedup's embedding and neighbour search
 * included) and ends in a stored post, and posts/s is tasks/s. With the default threshold the
 * share refused as duplicates depends on the writer and the embedder (both changed since the
 * baseline commit: 371 of 1,000 stored there, about 150 today), and a refused draft skips the
 * store, so posts/s would measure content, not speed. bench/baseline.json is measured the same way.
 */
export const PIPELINE_DEDUP_THRESHOLD = 1;

export interface PipelineBenchResult {
  measured: string;
  tasks: number;
  /** DEDUP_THRESHOLD of the run (PIPELINE_DEDUP_THRESHOLD in bench/run.ts), null for the product's default. */
  dedupThreshold: number | null;
  personas: number;
  statuses: Record<string, number>;
  lost: number;
  seconds: number;
  clientSeconds: number;
  postsPerSecond: number;
  /** Tasks that reached an end per second; equal to postsPerSecond when every draft is stored. */
  tasksPerSecond: number;
  /** D1 calls (statements, batches) of the queue consumer and Durable Objects per task through the pipeline. */
  d1RoundTripsPerPost: number;
  perPost: PostTimes & { modelMs: number; ourCodeMs: number; modelShare: number };
  model: ModelTime;
  /** Hot-path evidence: a request without D1 vs one with a single D1 read, idle and under load. */
  probe: { idle: ProbeResult; underLoad: ProbeResult };
  /** With --profile: self time per function in the Worker's isolate during the run. */
  profile?: ProfileSummary;
  targets: { allTerminalWithinSeconds: number; met: boolean };
}

export async function runPipelineBench(opts: {
  quick: boolean;
  state: string;
  tasks?: number;
  /** DEDUP_THRESHOLD for the run; undefined keeps the product's default. */
  dedupThreshold?: number;
  profile?: boolean;
  log: (line: string) => void;
}): Promise<PipelineBenchResult> {
  const { log } = opts;
  const tasks = opts.tasks ?? (opts.quick ? 200 : 1000);
  const personas = benchPersonas(20);
  // The product behind a wrapper that counts D1 calls of the consumer and Durable Objects.
  const config = derivedConfig({ name: "wrangler.pipeline-counted.toml", main: "bench/pipeline/counting-worker.ts" });
  const server = await startDev({
    name: "pipeline",
    config,
    state: opts.state,
    vars: {
      API_KEY: BENCH_API_KEY,
      LLM_PROVIDER: "offline",
      ...(opts.dedupThreshold === undefined ? {} : { DEDUP_THRESHOLD: String(opts.dedupThreshold) }),
    },
  });
  try {
    const api = new ApiClient(server.url);
    await createPersonas(api, personas);
    const probeId = personas[0]?.id ?? "bench-01";
    const idle = await idleProbe(api, probeId);
    const probe = loadProbe(api, probeId);
    const profiler = opts.profile
      ? await startProfile(server.inspectorPort).catch((err: unknown) => {
          log(`no CPU profile: ${String(err)}`);
          return null;
        })
      : null;
    const before = await d1RoundTrips(server.url);
    const run = await runLoad({ api, personas, tasks, publish: "draft", stallMs: 120_000, deadlineMs: 1_200_000, log });
    const profile = await profiler?.stop(join(ROOT, "bench", "results", "pipeline.cpuprofile"));
    const underLoad = await probe.stop();
    const after = await d1RoundTrips(server.url);
    const roundTrips = after.round_trips - before.round_trips;
    const terminal = run.tasks.filter((t) => TERMINAL.has(t.status)).length;
    const lost = tasks - terminal;
    const statuses = countStatuses(run.tasks);
    const succeeded = statuses["succeeded"] ?? 0;
    const times = postTimes(run.tasks);
    const model = measureModelTime(
      personas,
      run.tasks.filter((t) => t.status === "succeeded"),
    );
    const ourCodeMs = round(times.processingMs - model.msPerPost, 1);
    const result: PipelineBenchResult = {
      measured:
        "wrangler dev --local, offline model, publish=draft; seconds = server clock from the first task created to the last finished; per-post processing = started->finished of first-attempt successes under this load; model = writeOffline timed in Node",
      tasks,
      dedupThreshold: opts.dedupThreshold ?? null,
      personas: personas.length,
      statuses,
      lost,
      seconds: round(run.serverSeconds, 1),
      clientSeconds: round(run.clientSeconds, 1),
      postsPerSecond: round(succeeded / run.serverSeconds, 1),
      tasksPerSecond: round(terminal / run.serverSeconds, 1),
      d1RoundTripsPerPost: round(roundTrips / Math.max(1, terminal), 1),
      perPost: {
        ...times,
        modelMs: model.msPerPost,
        ourCodeMs,
        modelShare: round(model.msPerPost / Math.max(0.001, times.processingMs), 4),
      },
      model,
      probe: { idle, underLoad },
      profile,
      targets: { allTerminalWithinSeconds: 120, met: lost === 0 && run.serverSeconds <= 120 },
    };
    log(
      `${terminal}/${tasks} terminal in ${result.seconds} s (${JSON.stringify(statuses)}), ${result.tasksPerSecond} tasks/s, ${result.postsPerSecond} posts/s stored, lost=${lost}`,
    );
    log(
      `D1 round trips per post ${result.d1RoundTripsPerPost} (${roundTrips} by the consumer and Durable Objects for ${terminal} tasks, ${succeeded} of them stored)`,
    );
    const perTask = (n: number) => round(n / Math.max(1, terminal), 2);
    const topSql = Object.entries(after.by_sql)
      .map(([sql, n]) => [sql, n - (before.by_sql[sql] ?? 0)] as const)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12);
    for (const [sql, n] of topSql)
      log(`  ${perTask(n).toFixed(2)} per task  ${sql.replace(/\s+/g, " ").slice(0, 160)}`);
    log(
      `per post: queue wait ${times.queueWaitMs} ms; processing ${times.processingMs} ms (p95 ${times.processingP95Ms}) = offline model ${model.msPerPost} ms (${(result.perPost.modelShare * 100).toFixed(1)}%) + our code, D1 and Durable Object calls ${ourCodeMs} ms`,
    );
    log(`step means (ms): ${times.steps.map((s) => `${s.step} ${s.meanMs}`).join(", ")}`);
    log(
      `probe p50: GET /health (no D1) ${idle.noD1P50Ms} ms idle -> ${underLoad.noD1P50Ms} ms under load; GET /v1/personas/:id (one D1 read) ${idle.oneD1ReadP50Ms} -> ${underLoad.oneD1ReadP50Ms} ms`,
    );
    if (profile) {
      log(
        `CPU profile of the Worker isolate (${profile.totalMs} ms sampled; bench/results/pipeline.cpuprofile opens in Chrome DevTools), top self time:`,
      );
      for (const e of profile.top) log(`  ${(e.share * 100).toFixed(1).padStart(5)}%  ${e.selfMs} ms  ${e.fn}`);
    }
    return result;
  } finally {
    await server.stop();
  }
}

/** The counting wrapper's totals: all round trips, and per SQL text (a batch as its statements joined). */
async function d1RoundTrips(url: string): Promise<{ round_trips: number; by_sql: Record<string, number> }> {
  const res = await fetch(`${url}/__bench/d1-round-trips`);
  if (!res.ok) throw new Error(`D1 round-trip counter: ${res.status}`);
  const body = (await res.json()) as { round_trips: number; by_sql?: Record<string, number> };
  return { round_trips: body.round_trips, by_sql: body.by_sql ?? {} };
}
