// Submits a batch of generation tasks spread over personas, waits until none is queued or
// running, then reads every accepted task back by id: the by-id read is the ground truth
// the pipeline and soak benchmarks judge, never a count.
import { type ApiClient, TERMINAL, mapLimit, sleep } from "./api.ts";
import type { TaskView } from "./api.ts";
import { topicFor } from "./personas.ts";
import type { BenchPersona } from "./personas.ts";

export interface LoadRunOptions {
  api: ApiClient;
  personas: BenchPersona[];
  tasks: number;
  publish: "draft" | "now";
  /**
   * Waiting ends when nothing is queued or running, or when no task has reached an end state
   * for this long (no progress: what is left is judged by its last activity), or at deadlineMs.
   */
  stallMs: number;
  deadlineMs: number;
  /** A submission keeps retrying (same Idempotency-Key) this long, e.g. across a server restart. */
  submitPatienceMs?: number;
  /** Called after each accepted submission with the count so far (the crash soak uses it). */
  onAccepted?: (count: number) => void | Promise<void>;
  /** Called about once a second while waiting (the soak fires the cron from it). */
  onTick?: () => Promise<void>;
  log: (line: string) => void;
}

export interface LoadRunResult {
  /** Task ids the API accepted (202), in submission order. */
  accepted: string[];
  /** Submissions that never got a 202 even after retries with the same Idempotency-Key. */
  rejectedSubmissions: number;
  /** Client-side seconds from the first submission until no task was queued or running. */
  clientSeconds: number;
  drained: boolean;
  tasks: TaskView[];
  /** Server clock: earliest created_at to latest finished_at of the accepted tasks. */
  serverSeconds: number;
}

const SUBMIT_CONCURRENCY = 10;

async function submit(api: ApiClient, body: unknown, key: string, patienceMs: number): Promise<string | null> {
  // A timeout or 5xx is retried with the same key: the API returns the first task, never a second.
  const giveUpAt = Date.now() + patienceMs;
  for (let attempt = 0; ; attempt++) {
    let refused: Error | null = null;
    try {
      const res = await api.request("POST", "/v1/tasks", body, { "idempotency-key": key });
      if (res.status === 202) return ((await res.json()) as { task_id: string }).task_id;
      if (res.status < 500) refused = new Error(`POST /v1/tasks ${res.status}: ${await res.text()}`);
    } catch (err) {
      if (attempt >= 4 && Date.now() >= giveUpAt) throw err;
    }
    if (refused) throw refused;
    if (attempt >= 4 && Date.now() >= giveUpAt) return null;
    await sleep(Math.min(2000, 200 * (attempt + 1)));
  }
}

export async function runLoad(opts: LoadRunOptions): Promise<LoadRunResult> {
  const { api, personas, log } = opts;
  const runId = Date.now().toString(36);
  const started = performance.now();
  const jobs = Array.from({ length: opts.tasks }, (_, i) => {
    const persona = personas[i % personas.length] as BenchPersona;
    return {
      persona,
      body: {
        persona_id: persona.id,
        topic: topicFor(persona, Math.floor(i / personas.length)),
        publish: opts.publish,
      },
      key: `bench-${runId}-${i}`,
    };
  });
  let rejectedSubmissions = 0;
  let acceptedSoFar = 0;
  const ids = await mapLimit(jobs, SUBMIT_CONCURRENCY, async (j) => {
    const id = await submit(api, j.body, j.key, opts.submitPatienceMs ?? 0).catch((err: unknown) => {
      log(`submission failed: ${String(err)}`);
      return null;
    });
    if (id === null) rejectedSubmissions++;
    else await opts.onAccepted?.(++acceptedSoFar);
    return id;
  });
  const accepted = ids.filter((id): id is string => id !== null);
  log(`submitted ${accepted.length}/${opts.tasks} tasks in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  let drained = false;
  let lastLog = performance.now();
  let lastProgress = performance.now();
  let unfinished = Number.POSITIVE_INFINITY;
  let seen = "";
  while (performance.now() - started < opts.deadlineMs) {
    const left = await api.unfinished().catch(() => null); // a restarting server answers later
    if (left?.count === 0) {
      drained = true;
      break;
    }
    // Progress: fewer unfinished, or (above the count's cap) the unfinished ones changed.
    if (left !== null && (left.count < unfinished || left.signature !== seen)) {
      unfinished = left.count;
      seen = left.signature;
      lastProgress = performance.now();
    }
    if (performance.now() - lastProgress > opts.stallMs) {
      log(`no task finished for ${Math.round(opts.stallMs / 1000)} s with ${unfinished} unfinished: stopped waiting`);
      break;
    }
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`still running after ${((lastLog - started) / 1000).toFixed(0)} s (${unfinished} queued or running)`);
    }
    await opts.onTick?.();
    await sleep(1000);
  }
  const clientSeconds = (performance.now() - started) / 1000;
  const tasks = await mapLimit(accepted, 8, (id) => api.getTask(id));
  const created = tasks.map((t) => Date.parse(t.created_at));
  const finished = tasks
    .filter((t) => TERMINAL.has(t.status) && t.finished_at)
    .map((t) => Date.parse(t.finished_at as string));
  const serverSeconds = finished.length ? (Math.max(...finished) - Math.min(...created)) / 1000 : clientSeconds;
  return { accepted, rejectedSubmissions, clientSeconds, drained, tasks, serverSeconds };
}
