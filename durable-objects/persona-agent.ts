import { DurableObject } from "cloudflare:workers";
import { settings } from "../workers/settings/index.ts";
import { TERMINAL_TASK_STATUSES } from "../workers/db/schema/index.ts";
import { claimTask } from "../workers/db/tasks.ts";
import { getPost } from "../workers/db/posts.ts";
import type { ThreadsClient } from "../workers/providers/threads/index.ts";
import { enqueueIfDue } from "../workers/publishing/enqueue.ts";
import type { PublishOutcome } from "../workers/publishing/outcome.ts";
import { publishPost } from "../workers/publishing/publish-post.ts";
import type { PublisherDeps } from "../workers/publishing/publisher.ts";
import { QuotaLedger } from "../workers/publishing/quota-ledger.ts";
import { type Providers, services } from "../workers/services.ts";
import { runPipeline, settleRun, type RunOutcome } from "../workers/pipeline/runner.ts";
import { Mutex } from "../workers/durable/mutex.ts";
import type { PersonaVectors } from "../workers/dedup/persona-vectors.ts";
import type { ReindexReport } from "../workers/dedup/reindex.ts";
import { rpcResult, type RpcResult } from "../workers/rpc-result.ts";
import { erasePersonaRows, type EraseReport } from "../workers/lifecycle/erase-rows.ts";
import { eraseVectorizeVectors } from "../workers/lifecycle/erase-vectors.ts";
import { DELETED_WHILE_RUNNING, type StopCheck } from "../workers/lifecycle/guard.ts";
import { moveSlotPosts, type MoveReport } from "../workers/publishing/reschedule.ts";
import { DedupRoom, type DedupCheckResult } from "./dedup-room.ts";
import { SqliteStepStore } from "../workers/durable/step-store.ts";
import { logError, withRequestId } from "../workers/log.ts";
import { migrateDoStorage } from "./storage-schema.ts";
import { runReplyAction } from "../workers/conversations/actions.ts";
import type { ReplyOutcome } from "../workers/conversations/deps.ts";
import type { ReplyAction } from "../workers/durable/queues.ts";
import { insertImportedPosts, type StoredImport } from "../workers/db/history.ts";
import { indexImported } from "../workers/history/index-posts.ts";
import { type ImportRow, storedRows } from "../workers/history/rows.ts";
import { syncStep, type SyncOutcome } from "../workers/history/sync.ts";
import type { SourceVectors } from "../workers/sources/vectors.ts";
import { addSource, deleteSource, refreshDeps, refreshSource, type SourceInput } from "../workers/sources/manage.ts";
import type { RefreshReport } from "../workers/sources/refresh.ts";
import type { SourceRow } from "../workers/db/schema/index.ts";
import { chunkIdsOfPersona } from "../workers/db/sources.ts";

/**
 * One per persona: runs that persona's generation tasks and keeps each task's finished steps,
 * so a crash, eviction or retry resumes where it stopped.
 */
export class PersonaAgent extends DurableObject<Env> {
  protected readonly steps: SqliteStepStore;
  // A redelivered message for a task already running here joins that run instead of starting another.
  private readonly running = new Map<string, Promise<RunOutcome>>();
  // Check, store and index one post at a time, so a task's check sees the post stored before it.
  private readonly personaLock = new Mutex();
  private readonly dedupRoom: DedupRoom;
  /** Published posts of the last 24 h (quota) and attempt counts, in this object's SQLite. */
  readonly ledger: QuotaLedger;
  // Publishes run one at a time: quota checks and container checks must not interleave.
  private publishQueue: Promise<unknown> = Promise.resolve();
  // Bumped when the persona is deleted: work that began under an older value stops at its next check.
  private generation = 0;
  // While a deletion runs, new runs and publishes wait for it (and then find the persona gone).
  private erasing: Promise<unknown> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Every table this object keeps is created or upgraded here, before any request is served.
    migrateDoStorage(ctx.storage);
    this.steps = new SqliteStepStore(ctx.storage.sql);
    this.dedupRoom = new DedupRoom(env, ctx.storage.sql, () => this.providers.embedder);
    this.ledger = new QuotaLedger(ctx.storage.sql);
  }

  get vectors(): PersonaVectors {
    return this.dedupRoom.vectors();
  }

  get sourceVectors(): SourceVectors {
    return this.dedupRoom.sourceVectors();
  }

  // One source fetch or removal at a time per persona; generation does not wait for them.
  private readonly sourceLock = new Mutex();

  private sourceDeps() {
    return refreshDeps(services(this.env).db, this.sourceVectors, settings(this.env));
  }

  /** POST /v1/personas/:id/sources: stores the source, fetches it (or takes the text), embeds its chunks. */
  async addSource(personaId: string, input: SourceInput): Promise<RpcResult<RefreshReport>> {
    await this.erasing;
    return rpcResult(() =>
      this.sourceLock.run(() => addSource(this.sourceDeps(), settings(this.env), personaId, input)),
    );
  }

  /** Refetches a page or feed (the cron, or POST …/sources/:source_id/refresh). */
  async refreshSource(sourceId: string): Promise<RpcResult<RefreshReport>> {
    await this.erasing;
    return rpcResult(() => this.sourceLock.run(() => refreshSource(this.sourceDeps(), sourceId)));
  }

  /** DELETE /v1/personas/:id/sources/:source_id: its vectors, then its rows. */
  async removeSource(
    personaId: string,
    sourceId: string,
  ): Promise<RpcResult<{ source: SourceRow; chunks_removed: number }>> {
    return rpcResult(() =>
      this.sourceLock.run(() => deleteSource(services(this.env).db, this.sourceVectors, personaId, sourceId)),
    );
  }

  /** The persona's nearest stored posts to `text` (POST /v1/personas/:id/dedup/check). */
  async dedupCheck(personaId: string, text: string, topK: number): Promise<RpcResult<DedupCheckResult>> {
    return rpcResult(() => this.dedupRoom.check(services(this.env).db, personaId, text, topK, Date.now()));
  }

  /** Drops a post's vector (DELETE /v1/posts/:id). */
  async removePostVector(personaId: string, postId: string): Promise<RpcResult<null>> {
    return rpcResult(async () => {
      await this.vectors.remove(personaId, [postId]);
      return null;
    });
  }

  /** Re-embeds every stored post of the persona, e.g. after the embedder changed. */
  async reindexDedup(personaId: string): Promise<RpcResult<ReindexReport>> {
    return rpcResult(() => this.personaLock.run(() => this.dedupRoom.reindex(services(this.env).db, personaId)));
  }

  /**
   * Stores the account's earlier posts (POST /v1/personas/:id/history) that are new to the persona,
   * in one D1 batch, and adds them to its dedup index.
   */
  async importHistory(
    personaId: string,
    rows: ImportRow[],
  ): Promise<RpcResult<{ imported: number; duplicates: number }>> {
    return rpcResult(async () => {
      const stored = await this.storeImported(personaId, rows, () => []);
      return { imported: stored.imported.length, duplicates: stored.duplicates };
    });
  }

  /** One step of a history sync from Threads (the `history` queue consumer calls this). */
  async syncHistory(jobId: string, attempt: number): Promise<SyncOutcome> {
    await this.erasing;
    return withRequestId(jobId, () =>
      syncStep(
        {
          env: this.env,
          db: services(this.env).db,
          client: this.threads,
          settings: settings(this.env).history,
          now: Date.now,
          store: (personaId, rows, alongside) => this.storeImported(personaId, rows, alongside),
        },
        jobId,
        attempt,
      ),
    );
  }

  /** Under the persona lock, like a generated post's check-store-index: the batch, then the vectors. */
  private storeImported(
    personaId: string,
    rows: ImportRow[],
    alongside: (idsJson: string) => D1PreparedStatement[],
  ): Promise<StoredImport> {
    return this.personaLock.run(async () => {
      const vectors = this.vectors;
      // A mismatched index fails before anything is stored (re-index first: docs/dedup.md).
      vectors.stamp.assert(personaId, vectors.embedder.id);
      const stored = await insertImportedPosts(this.env.DB, personaId, await storedRows(rows), Date.now(), alongside);
      await indexImported(vectors, personaId, stored.imported);
      return stored;
    });
  }

  /** The Threads client chosen by settings (workers/services.ts). */
  get threads(): ThreadsClient {
    return services(this.env).threads;
  }

  /** Publishes one post exactly once (see workers/publishing/publisher.ts); the queue consumer calls this. */
  async publishPost(postId: string, attempt = 1): Promise<PublishOutcome> {
    const run = this.publishQueue.then(async () => {
      await this.erasing;
      const deps = this.publisherDeps({
        env: this.env,
        db: services(this.env).db,
        client: this.threads,
        ledger: this.ledger,
        now: Date.now,
        timing: settings(this.env).publishing.containerTiming,
        stop: this.stopCheck(),
      });
      return withRequestId(postId, () => publishPost(deps, postId, attempt));
    });
    this.publishQueue = run.catch(() => undefined);
    return run;
  }

  /**
   * Drafts, sends, hides or unhides one reply (the `reply` queue's consumer calls this). Runs in
   * the publish chain: an answer's container checks never interleave with a post's, and a
   * redelivered send finds the container the first one stored.
   */
  async replyAction(replyId: string, action: ReplyAction): Promise<ReplyOutcome> {
    const run = this.publishQueue.then(async () => {
      await this.erasing;
      const s = services(this.env);
      const deps = {
        env: this.env,
        db: s.db,
        client: this.threads,
        providers: this.providers,
        settings: settings(this.env),
        now: Date.now,
        stop: this.stopCheck(),
      };
      return withRequestId(replyId, () => runReplyAction(deps, replyId, action));
    });
    this.publishQueue = run.catch(() => undefined);
    return run;
  }

  /** What one publish attempt runs with (test/support/persona-agent-test.ts adds crash checkpoints). */
  protected publisherDeps<D extends PublisherDeps>(deps: D): D {
    return deps;
  }

  /** Adapters chosen by configuration (workers/services.ts). */
  get providers(): Providers {
    return services(this.env).providers;
  }

  async runTask(taskId: string, attempt: number): Promise<RunOutcome> {
    const inFlight = this.running.get(taskId);
    if (inFlight) return inFlight;
    // The agent runs outside the caller's async context: its log lines carry the task id instead.
    const run = withRequestId(taskId, () => this.execute(taskId, attempt)).finally(() => this.running.delete(taskId));
    this.running.set(taskId, run);
    return run;
  }

  /**
   * A task's step records as they are now (they reach D1 when the attempt ends), as JSON since
   * step details are free-form, and whether it runs here now.
   */
  async taskProgress(taskId: string): Promise<{ inFlight: boolean; stepsJson: string }> {
    return { inFlight: this.running.has(taskId), stepsJson: JSON.stringify(this.steps.records(taskId)) };
  }

  async forgetTask(taskId: string): Promise<void> {
    this.steps.clear(taskId);
  }

  /**
   * Deletes everything of the persona (DELETE /v1/personas/:id): in-flight runs and publishes
   * stop at their next check, its vectors go from Vectorize, its D1 rows are removed or kept as
   * history (workers/lifecycle/erase-rows.ts), and this object's storage is emptied, so a
   * persona created later with the same id (the same object) starts with nothing.
   */
  async erasePersona(personaId: string, purge: boolean): Promise<RpcResult<EraseReport>> {
    this.generation++;
    // Under the persona lock: no dedup check or store is half done while the rows go.
    const run = this.personaLock.run(() => this.erase(personaId, purge));
    const settled = run.catch(() => undefined);
    this.erasing = settled;
    void settled.then(() => {
      if (this.erasing === settled) this.erasing = null;
    });
    return rpcResult(() => run);
  }

  private async erase(personaId: string, purge: boolean): Promise<EraseReport> {
    const db = services(this.env).db;
    // Vectorize first: if it fails, nothing is deleted yet and DELETE can simply be retried.
    if (settings(this.env).dedup.vectorIndex === "vectorize") {
      await eraseVectorizeVectors(db, this.vectors, personaId);
      await this.sourceVectors.remove(personaId, await chunkIdsOfPersona(db, personaId));
    }
    const report = await erasePersonaRows(db, personaId, { purge, now: Date.now() });
    // Steps, ledger, local vectors, embedder stamp: all of it; then the empty tables again.
    await this.ctx.storage.deleteAll();
    migrateDoStorage(this.ctx.storage);
    this.dedupRoom.forget();
    return report;
  }

  /** Moves the persona's slot-placed posts onto its current schedule (PATCH schedule or timezone). */
  async moveSchedule(personaId: string): Promise<RpcResult<MoveReport>> {
    return rpcResult(() => moveSlotPosts(services(this.env).db, personaId, Date.now()));
  }

  private stopCheck(): StopCheck {
    const started = this.generation;
    return () => (this.generation === started ? null : DELETED_WHILE_RUNNING);
  }

  private async execute(taskId: string, attempt: number): Promise<RunOutcome> {
    await this.erasing;
    const stop = this.stopCheck();
    const db = services(this.env).db;
    // D1 round trips of an attempt: this claim (task + persona), the steps' own reads and
    // writes, and settleRun's one batch (step rows + task status). Counters are per isolate.
    const { task, claimed, persona, reads } = await claimTask(db, taskId, attempt, Date.now());
    if (!task) return { status: "failed", error: `task '${taskId}' not found` };
    if (!claimed || TERMINAL_TASK_STATUSES.includes(task.status)) {
      this.steps.clear(taskId);
      return task.status === "succeeded" && task.postId
        ? { status: "succeeded", postId: task.postId }
        : {
            status: task.status as "rejected" | "duplicate" | "failed" | "cancelled",
            error: task.error ?? task.status,
          };
    }
    const telemetry = services(this.env).telemetry;
    const stored = () => this.steps.load(taskId).store;
    const outcome = await runPipeline(
      {
        env: this.env,
        settings: settings(this.env),
        providers: this.providers,
        db,
        task,
        persona,
        reads,
        now: Date.now,
        telemetry,
        vectors: this.vectors,
        sources: this.sourceVectors,
        personaLock: this.personaLock,
        stop,
      },
      this.steps,
      attempt,
    );
    const placed = outcome.status === "succeeded" ? stored() : undefined;
    if (await settleRun(db, this.steps, taskId, outcome, Date.now())) {
      telemetry.record({ type: "post_generated", persona_id: task.personaId, status: outcome.status });
    }
    // Stored just before a deletion took the lock: the deletion removes it; do not queue it.
    if (outcome.status === "succeeded" && !stop()) {
      // The store step's placement saves reading the post back; an older save lacks it.
      const post =
        placed?.status !== undefined
          ? {
              id: outcome.postId,
              personaId: task.personaId,
              status: placed.status,
              scheduledAt: placed.scheduledAt ?? null,
            }
          : await getPost(db, outcome.postId);
      if (post) await enqueueIfDue(this.env, db, post, Date.now());
    }
    await telemetry.flushIfDue();
    return outcome;
  }
}
