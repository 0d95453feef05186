import { DurableObject } from "cloudflare:workers";
import { loadConfig } from "../workers/config.ts";
import { openDb } from "../workers/db/client.ts";
import { TERMINAL_TASK_STATUSES } from "../workers/db/schema/index.ts";
import { finishTask, getTask, markTaskRunning } from "../workers/db/tasks.ts";
import { getPost } from "../workers/db/posts.ts";
import type { ThreadsClient, WaitOptions } from "../workers/providers/threads/index.ts";
import { enqueueIfDue } from "../workers/publishing/enqueue.ts";
import type { PublishOutcome } from "../workers/publishing/outcome.ts";
import { publishPost } from "../workers/publishing/publish-post.ts";
import type { PublisherDeps } from "../workers/publishing/publisher.ts";
import { QuotaLedger } from "../workers/publishing/quota-ledger.ts";
import { loadPublishingSettings } from "../workers/publishing/settings.ts";
import { threadsClientFor } from "../workers/publishing/threads-client.ts";
import { buildProviders, type Providers } from "../workers/providers/index.ts";
import { runPipeline, type RunOutcome } from "../workers/pipeline/runner.ts";
import { STEP_ORDER } from "../workers/pipeline/types.ts";
import { SqliteStepStore } from "./step-store.ts";

/**
 * One per persona: runs that persona's generation tasks and keeps each task's finished steps,
 * so a crash, eviction or retry resumes where it stopped.
 */
export class PersonaAgent extends DurableObject<Env> {
  private readonly steps: SqliteStepStore;
  // A redelivered message for a task already running here joins that run instead of starting another.
  private readonly running = new Map<string, Promise<RunOutcome>>();
  private providersCache: Providers | null = null;
  /** Published posts of the last 24 h (quota) and attempt counts, in this object's SQLite. */
  readonly ledger: QuotaLedger;
  // Publishes run one at a time: quota checks and container checks must not interleave.
  private publishQueue: Promise<unknown> = Promise.resolve();
  private threadsCache: ThreadsClient | null = null;
  /** Test seams: a throwing checkpoint simulates a crash at that point of the publish flow. */
  publishCheckpoint: PublisherDeps["checkpoint"];
  publishWait: WaitOptions | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.steps = new SqliteStepStore(ctx.storage.sql);
    this.ledger = new QuotaLedger(ctx.storage.sql);
  }

  /** The Threads client chosen by settings; replaceable so tests can point it at a faulty fake. */
  get threads(): ThreadsClient {
    this.threadsCache ??= threadsClientFor(this.env, loadPublishingSettings(this.env));
    return this.threadsCache;
  }

  set threads(c: ThreadsClient) {
    this.threadsCache = c;
  }

  /** Publishes one post exactly once (see workers/publishing/publisher.ts); the queue consumer calls this. */
  async publishPost(postId: string, attempt = 1): Promise<PublishOutcome> {
    const deps = { env: this.env, db: openDb(this.env.DB), client: this.threads, ledger: this.ledger, now: Date.now, checkpoint: this.publishCheckpoint, wait: this.publishWait };
    const run = this.publishQueue.then(() => publishPost(deps, postId, attempt));
    this.publishQueue = run.catch(() => undefined);
    return run;
  }

  async publishAttempts(postId: string): Promise<number> {
    return this.ledger.attempts(postId);
  }

  /** Adapters chosen by configuration; replaceable so tests can wrap them to inject failures. */
  get providers(): Providers {
    this.providersCache ??= buildProviders(this.env, loadConfig(this.env));
    return this.providersCache;
  }

  set providers(p: Providers) {
    this.providersCache = p;
  }

  async runTask(taskId: string, attempt: number): Promise<RunOutcome> {
    const inFlight = this.running.get(taskId);
    if (inFlight) return inFlight;
    const run = this.execute(taskId, attempt).finally(() => this.running.delete(taskId));
    this.running.set(taskId, run);
    return run;
  }

  /** Finished steps saved for a task (for tests and diagnostics). */
  async savedSteps(taskId: string): Promise<string[]> {
    const saved = this.steps.load(taskId);
    return STEP_ORDER.filter((s) => saved[s] !== undefined);
  }

  async forgetTask(taskId: string): Promise<void> {
    this.steps.clear(taskId);
  }

  private async execute(taskId: string, attempt: number): Promise<RunOutcome> {
    const db = openDb(this.env.DB);
    const task = await getTask(db, taskId);
    if (!task) return { status: "failed", error: `task '${taskId}' not found` };
    if (TERMINAL_TASK_STATUSES.includes(task.status)) {
      this.steps.clear(taskId);
      return task.status === "succeeded" && task.postId
        ? { status: "succeeded", postId: task.postId }
        : { status: task.status as "rejected" | "duplicate" | "failed", error: task.error ?? task.status };
    }
    await markTaskRunning(db, taskId, attempt, Date.now());
    const config = loadConfig(this.env);
    const outcome = await runPipeline({ env: this.env, config, providers: this.providers, db, task, now: Date.now }, this.steps, attempt);
    if (outcome.status !== "retry") {
      await finishTask(db, taskId, { status: outcome.status, postId: outcome.postId ?? null, error: "error" in outcome ? outcome.error : null }, Date.now());
      this.steps.clear(taskId);
      const post = outcome.status === "succeeded" ? await getPost(db, outcome.postId) : null;
      if (post) await enqueueIfDue(this.env, db, post, Date.now());
    }
    return outcome;
  }
}
