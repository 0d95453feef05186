// Soak with faults: the pipeline load with the offline model failing a share of calls
// transiently and, where the build publishes, the fake Threads API failing a share of its
// calls. Passes only with lost=0 duplicates=0 and a dead-letter queue holding nothing but
// tasks that used every attempt.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ApiClient, BENCH_API_KEY } from "../lib/api.ts";
import type { PostView } from "../lib/api.ts";
import { runLoad } from "../lib/load-run.ts";
import { benchPersonas, createPersonas } from "../lib/personas.ts";
import { round } from "../lib/stats.ts";
import { ROOT, freePort, startDev } from "../lib/wrangler.ts";
import { countStatuses } from "../pipeline/metrics.ts";
import { hasPublishing, linkAccounts, listMedia, waitForPublishing } from "./publishing.ts";
import { judgeSoak } from "./verdict.ts";
import type { SoakVerdict } from "./verdict.ts";

export interface SoakOptions {
  quick: boolean;
  state: string;
  tasks?: number;
  llmFaultRate: number;
  threadsFaultRate: number;
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
}

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
      FAKE_THREADS_PROCESSING_MS: "200",
      THREADS_API_BASE: `http://127.0.0.1:${port}/fake-threads`,
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    },
  });
  try {
    const api = new ApiClient(server.url);
    await createPersonas(api, personas);
    const publishing = await hasPublishing(api);
    const accountOf = publishing ? await linkAccounts(api, personas.map((p) => p.id)) : {};
    log(publishing ? "publishing found: posts are published to the fake Threads API and checked there" : "this build has no publishing routes: checking generation only (tasks, posts, dead letters)");
    const run = await runLoad({ api, personas, tasks, publish: publishing ? "now" : "draft", deadlineMs: opts.quick ? 150_000 : 400_000, log });
    const allPosts = async () => (await Promise.all(personas.map((p) => api.allPosts(p.id)))).flat();
    if (publishing && !(await waitForPublishing(api, allPosts, opts.quick ? 60_000 : 180_000))) log("posts still publishing at the deadline");
    const posts: PostView[] = await allPosts();
    const media = publishing ? (await Promise.all(personas.map((p) => listMedia(api, p.id, accountOf[p.id] as string)))).flat() : [];
    const verdict = judgeSoak({
      rejectedSubmissions: run.rejectedSubmissions,
      accepted: run.accepted,
      tasks: run.tasks,
      posts,
      maxAttempts: generateMaxAttempts(),
      publishing: publishing ? { media, accountOf } : null,
    });
    const statuses = countStatuses(run.tasks);
    const retriedTasks = run.tasks.filter((t) => t.attempts > 1).length;
    log(`${tasks} tasks, model faults ${opts.llmFaultRate}, Threads faults ${opts.threadsFaultRate}: ${JSON.stringify(statuses)}; ${retriedTasks} retried; ${verdict.deadLettered} dead-lettered after every attempt${publishing ? `; ${verdict.published} published, ${verdict.publishFailed} gave up publishing` : ""}`);
    for (const p of verdict.problems.slice(0, 20)) log(`PROBLEM ${p}`);
    log(`lost=${verdict.lost} duplicates=${verdict.duplicates}${verdict.ok ? "" : "  <-- SOAK FAILED"}`);
    return {
      ...verdict,
      measured: "wrangler dev --local; every accepted task read back by id; posts listed per persona; with publishing, the fake Threads API's own media list per account",
      tasks,
      llmFaultRate: opts.llmFaultRate,
      threadsFaultRate: opts.threadsFaultRate,
      publishingChecked: publishing,
      statuses,
      retriedTasks,
      seconds: round(run.serverSeconds, 1),
    };
  } finally {
    await server.stop();
  }
}
