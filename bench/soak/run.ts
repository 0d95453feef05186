// Soak with faults: the pipeline load with the offline model failing a share of calls
// transiently and, where the build publishes, the fake Threads API failing a share of its
// calls. Passes only with lost=0 duplicates=0 and a dead-letter queue holding nothing but
// tasks that used every attempt. It waits on progress, not for a fixed time, and with --crash
// SIGKILLs the server twice mid-run and restarts it on the same local state.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ApiClient, BENCH_API_KEY, mapLimit } from "../lib/api.ts";
import type { PostView } from "../lib/api.ts";
import { runLoad } from "../lib/load-run.ts";
import { benchPersonas, createPersonas } from "../lib/personas.ts";
import { round } from "../lib/stats.ts";
import { ROOT, freePort, startDev } from "../lib/wrangler.ts";
import { countStatuses } from "../pipeline/metrics.ts";
import { fireCron, hasPublishing, linkAccounts, listMedia, waitForPublishing } from "./publishing.ts";
import { judgeSoak } from "./verdict.ts";
import type { SoakVerdict } from "./verdict.ts";

export interface SoakOptions {
  quick: boolean;
  state: string;
  tasks?: number;
  llmFaultRate: number;
  threadsFaultRate: number;
  /** SIGKILL wrangler dev twice mid-soak (at 1/3 and 2/3 of the submissions) and restart it. */
  crash?: boolean;
  log: (line: string) => void;
}

export interface SoakResult extends SoakVerdict {
  measured: string;
  tasks: number;
  llmFaultRate: number;
  threadsFaultRate: number;
  publishingChecked: boolean;
  statuses: Record<string, number>;
  retriedTasks: number;
  seconds: number;
  crashes: number;
}

// Timings of the soak server (vars below). The largest gap between two attempts of one piece
// of work decides lost vs unfinished: queue backoff (<= 2 s), a container check (2 s), and
// after a crash the stale requeues (TASK/PUBLISHING_STALE_AFTER_SECONDS) fired by the cron.
const STALE_AFTER_SECONDS = 45;
const MAX_GAP_MS = (STALE_AFTER_SECONDS + 30) * 1000;

/** max_retries of the generate consumer in wrangler.toml, so the check follows the config. */
function generateMaxAttempts(): number {
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const block = /\[\[queues\.consumers\]\]\s*\nqueue = "generate"\n([\s\S]*?)(?=\n\[|$)/.exec(toml)?.[1] ?? "";
  const retries = Number(/max_retries\s*=\s*(\d+)/.exec(block)?.[1] ?? 3); // Cloudflare's default is 3
  return retries + 1;
}

export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  const { log } = opts;
  const tasks = opts.tasks ?? (opts.quick ? 200 : 1000);
  const personas = benchPersonas(20);
  const port = await freePort();
  const server = await startDev({
    name: "soak",
    state: opts.state,
    port,
    vars: {
      API_KEY: BENCH_API_KEY,
      LLM_PROVIDER: "offline",
      OFFLINE_LLM_FAULT_RATE: String(opts.llmFaultRate),
      // Short backoff keeps the soak bounded; the retry path is the same as with the defaults.
      QUEUE_RETRY_BASE_SECONDS: "1",
      QUEUE_RETRY_MAX_SECONDS: "2",
      FAKE_THREADS_ENABLED: "true",
      FAKE_THREADS_FAULT_RATE: String(opts.threadsFaultRate),
      FAKE_THREADS_PROCESSING_MS: "1500",
      // Container checks as in production (a first check, then periodic ones) on a short clock:
      // posts wait through delayed messages, not inside the consumer.
      THREADS_CONTAINER_FIRST_CHECK_SECONDS: "1",
      THREADS_CONTAINER_CHECK_EVERY_SECONDS: "2",
      THREADS_CONTAINER_MAX_WAIT_SECONDS: "120",
      THREADS_CONTAINER_INLINE_WAIT_SECONDS: "0.5",
      // A crash loses the local queue's in-flight messages; the cron's stale requeues bring them back.
      TASK_STALE_AFTER_SECONDS: String(STALE_AFTER_SECONDS),
      PUBLISHING_STALE_AFTER_SECONDS: String(STALE_AFTER_SECONDS),
      THREADS_API_BASE: `http://127.0.0.1:${port}/fake-threads`,
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    },
  });
  try {
    // Reads wait out a restart; submissions retry with their Idempotency-Key for as long.
    const api = new ApiClient(server.url, { patienceMs: opts.crash ? 180_000 : 5_000 });
    await createPersonas(api, personas);
    const publishing = await hasPublishing(api);
    const accountOf = publishing
      ? await linkAccounts(
          api,
          personas.map((p) => p.id),
        )
      : {};
    log(
      publishing
        ? "publishing found: posts are published to the fake Threads API and checked there"
        : "this build has no publishing routes: checking generation only (tasks, posts, dead letters)",
    );
    let crashes = 0;
    let crashing: Promise<void> = Promise.resolve();
    const crashAt = opts.crash ? [Math.floor(tasks / 3), Math.floor((2 * tasks) / 3)] : [];
    const onAccepted = (n: number) => {
      if (!crashAt.includes(n)) return;
      crashing = crashing.then(async () => {
        const t0 = Date.now();
        await server.crashAndRestart();
        crashes++;
        log(
          `crash ${crashes}: SIGKILLed wrangler dev after ${n} accepted tasks; back on the same state in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
        );
      });
    };
    // wrangler dev has no cron: fire the every-minute one (due posts, stale requeues) every few seconds.
    let lastCron = 0;
    const onTick = async () => {
      if (Date.now() - lastCron < 5_000) return;
      lastCron = Date.now();
      await fireCron(server.url);
    };
    const run = await runLoad({
      api,
      personas,
      tasks,
      publish: publishing ? "now" : "draft",
      stallMs: MAX_GAP_MS * 2,
      deadlineMs: opts.quick ? 900_000 : 2_400_000,
      submitPatienceMs: opts.crash ? 180_000 : 0,
      onAccepted,
      onTick,
      log,
    });
    await crashing;
    const allPosts = async () => (await Promise.all(personas.map((p) => api.allPosts(p.id)))).flat();
    if (publishing && !(await waitForPublishing(api, allPosts, MAX_GAP_MS * 2)))
      log("posts still publishing: no post finished publishing for the stall window");
    // Tasks re-read after publishing settled: the by-id read is the ground truth.
    const tasksNow = await mapLimit(run.accepted, 8, (id) => api.getTask(id));
    const posts: PostView[] = await allPosts();
    const media = publishing
      ? (await Promise.all(personas.map((p) => listMedia(api, p.id, accountOf[p.id] as string)))).flat()
      : [];
    const verdict = judgeSoak({
      rejectedSubmissions: run.rejectedSubmissions,
      accepted: run.accepted,
      tasks: tasksNow,
      posts,
      maxAttempts: generateMaxAttempts(),
      publishing: publishing ? { media, accountOf } : null,
      now: Date.now(),
      maxGapMs: MAX_GAP_MS,
    });
    const statuses = countStatuses(run.tasks);
    const retriedTasks = run.tasks.filter((t) => t.attempts > 1).length;
    log(
      `${tasks} tasks, model faults ${opts.llmFaultRate}, Threads faults ${opts.threadsFaultRate}: ${JSON.stringify(statuses)}; ${retriedTasks} retried; ${verdict.deadLettered} dead-lettered after every attempt${publishing ? `; ${verdict.published} published, ${verdict.publishFailed} gave up publishing` : ""}`,
    );
    for (const p of verdict.problems.slice(0, 20)) log(`PROBLEM ${p}`);
    log(
      `lost=${verdict.lost} unfinished=${verdict.unfinished} duplicates=${verdict.duplicates} crashes=${crashes}${verdict.ok ? "" : "  <-- SOAK FAILED"}`,
    );
    return {
      ...verdict,
      measured:
        "wrangler dev --local; every accepted task read back by id; posts listed per persona; with publishing, the fake Threads API's own media list per account",
      tasks,
      llmFaultRate: opts.llmFaultRate,
      threadsFaultRate: opts.threadsFaultRate,
      publishingChecked: publishing,
      statuses,
      retriedTasks,
      seconds: round(run.serverSeconds, 1),
      crashes,
    };
  } finally {
    await server.stop();
  }
}
