import { and, asc, desc, eq, getTableColumns, inArray, lt, notInArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Dimension } from "../experiments/dimensions.ts";
import { chunks } from "./chunks.ts";
import type { Db } from "./client.ts";
import { compileBatch, compiled, compileSelect } from "./compiled-select.ts";
import { defaultsOf, defaultsQuery, joinArms, runningExperimentsQueries, type Experiment } from "./experiments.ts";
import { HOOK_FATIGUE_WINDOW_MS, scoringFrom, scoringQueries, type Scoring } from "../score/predictor.ts";
import {
  TERMINAL_TASK_STATUSES,
  personas,
  type PersonaRow,
  taskSteps,
  tasks,
  type StepStatus,
  type TaskRow,
  type TaskStatus,
  type TaskStepRow,
  threadsAccounts,
  type ThreadsAccountRow,
} from "./schema/index.ts";

export type NewTask = Pick<TaskRow, "id" | "personaId" | "publish" | "input" | "idempotencyKey" | "requestHash">;

/** Inserts a queued task as given, no checks (seeding, tests); null when the idempotency key is taken. */
export async function insertTask(db: Db, t: NewTask, now: number): Promise<TaskRow | null> {
  const rows = await db
    .insert(tasks)
    .values({ ...t, status: "queued", attempts: 0, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  return rows[0] ?? null;
}

/** What an insert must respect (README "Limits"). */
export interface TaskLimits {
  /** Queued + running tasks a persona may hold. */
  maxOpenPerPersona: number;
  /** The UTC day ("YYYY-MM-DD") and its LLM budget: no new task once the day's spend reaches it. */
  day: string;
  dailyBudgetUsd: number;
}

export type InsertTaskResult =
  | { ok: true; task: TaskRow }
  | { ok: false; reason: "idempotency_key_taken" | "no_persona" | "no_topic" }
  | { ok: false; reason: "persona_cap"; openTasks: number }
  | { ok: false; reason: "daily_budget"; spentUsd: number };

interface RefusalFacts {
  topics: number | null;
  open: number;
  spent: number;
  key_taken: number | null;
}

/**
 * Inserts a queued task in ONE statement that also checks the persona exists (and has a topic
 * when the task brings none), the persona's open-task cap and the day's LLM budget, so a burst of
 * concurrent requests cannot slip past the cap between a check and the insert. Only when nothing
 * was inserted does a second query tell the reasons apart.
 */
export async function insertTaskWithinLimits(
  db: Db,
  t: NewTask,
  limits: TaskLimits,
  now: number,
): Promise<InsertTaskResult> {
  const rows = await db.all<Record<string, unknown>>(sql`
    INSERT INTO tasks (id, persona_id, status, publish, input, idempotency_key, request_hash, attempts, created_at, updated_at)
    SELECT ${t.id}, p.id, 'queued', ${t.publish}, ${JSON.stringify(t.input)}, ${t.idempotencyKey}, ${t.requestHash}, 0, ${now}, ${now}
    FROM personas p
    WHERE p.id = ${t.personaId}
      AND (${t.input.topic ?? null} IS NOT NULL OR json_array_length(p.topics) > 0)
      AND (SELECT count(*) FROM tasks o WHERE o.persona_id = p.id AND o.status IN ('queued', 'running')) < ${limits.maxOpenPerPersona}
      AND coalesce((SELECT s.cost_usd FROM llm_spend s WHERE s.day = ${limits.day}), 0) < ${limits.dailyBudgetUsd}
    ON CONFLICT DO NOTHING
    RETURNING id`);
  if (rows.length > 0) {
    return {
      ok: true,
      task: {
        ...t,
        status: "queued",
        attempts: 0,
        postId: null,
        error: null,
        createdAt: now,
        updatedAt: now,
        startedAt: null,
        finishedAt: null,
        deletedPersonaId: null,
        personaDeletedAt: null,
      },
    };
  }
  const facts = await db.get<RefusalFacts>(sql`
    SELECT (SELECT json_array_length(topics) FROM personas WHERE id = ${t.personaId}) AS topics,
           (SELECT count(*) FROM tasks WHERE persona_id = ${t.personaId} AND status IN ('queued', 'running')) AS open,
           coalesce((SELECT cost_usd FROM llm_spend WHERE day = ${limits.day}), 0) AS spent,
           (SELECT 1 FROM tasks WHERE idempotency_key = ${t.idempotencyKey}) AS key_taken`);
  if (facts?.key_taken) return { ok: false, reason: "idempotency_key_taken" };
  if (facts?.topics === null || facts?.topics === undefined) return { ok: false, reason: "no_persona" };
  if (!t.input.topic && facts.topics === 0) return { ok: false, reason: "no_topic" };
  if (facts.spent >= limits.dailyBudgetUsd) return { ok: false, reason: "daily_budget", spentUsd: facts.spent };
  return { ok: false, reason: "persona_cap", openTasks: facts.open };
}

// GET /v1/tasks/:id (which clients poll), the claim's fallback and POST /v1/tasks' idempotency
// lookup: compiled once (compiled-select.ts).
const taskColumns = getTableColumns(tasks);
const stepColumns = getTableColumns(taskSteps);

export async function getTask(db: Db, id: string): Promise<TaskRow | null> {
  const byId = compiled(db, "tasks.byId", () =>
    compileSelect(
      db,
      taskColumns,
      db
        .select(taskColumns)
        .from(tasks)
        .where(eq(tasks.id, sql.placeholder("id"))),
    ),
  );
  return (await byId.get({ id })) ?? null;
}

export async function getTaskByIdempotencyKey(db: Db, key: string): Promise<TaskRow | null> {
  const byKey = compiled(db, "tasks.byIdempotencyKey", () =>
    compileSelect(
      db,
      taskColumns,
      db
        .select(taskColumns)
        .from(tasks)
        .where(eq(tasks.idempotencyKey, sql.placeholder("key"))),
    ),
  );
  return (await byKey.get({ key })) ?? null;
}

export async function listTasks(
  db: Db,
  args: { personaId?: string; status?: TaskStatus; limit: number },
): Promise<TaskRow[]> {
  const where = and(
    args.personaId ? eq(tasks.personaId, args.personaId) : undefined,
    args.status ? eq(tasks.status, args.status) : undefined,
  );
  return db.select().from(tasks).where(where).orderBy(desc(tasks.createdAt)).limit(args.limit).all();
}

export interface ClaimedTask {
  /** The task as it is now: `running` when claimed, else terminal (or null when it is gone). */
  task: TaskRow | null;
  claimed: boolean;
  /** The task's persona as it is now (null once deleted): the attempt's one persona read. */
  persona: PersonaRow | null;
  /** The other rows the steps need, read in the same batch. */
  reads: AttemptReads;
}

/**
 * Rows the steps would otherwise each read: the persona's Threads account (research searches
 * Threads with it), the running experiments that apply and the promoted winners (ingest
 * assigns arms from them), and what the quality gate scores with. Read once per attempt, in
 * the claim batch, so they are as fresh as the persona row.
 */
export interface AttemptReads {
  account: ThreadsAccountRow | null;
  experiments: Experiment[];
  defaults: Map<Dimension, string>;
  /** The persona's score model, baseline ER and this week's hooks (the score step's quality gate). */
  scoring: Scoring;
}

/**
 * Starts an attempt in one D1 round trip: marks the task running (unless it is already
 * terminal) and reads its persona and the rows of AttemptReads. Only a task that could not be
 * claimed costs a second read.
 */
// The claim batch, prepared once per client with placeholders (compiled-select.ts compileBatch).
function claimBatch(db: Db) {
  const ph = sql.placeholder;
  const personaOfTask = db
    .select({ id: tasks.personaId })
    .from(tasks)
    .where(eq(tasks.id, ph("id")));
  return compileBatch(db, [
    db
      .update(tasks)
      .set({
        status: "running",
        attempts: sql`${ph("attempt")}`,
        updatedAt: sql`${ph("now")}`,
        startedAt: sql`coalesce(${tasks.startedAt}, ${ph("now")})`,
      })
      .where(and(eq(tasks.id, ph("id")), notInArray(tasks.status, [...TERMINAL_TASK_STATUSES])))
      .returning(),
    db.select().from(personas).where(inArray(personas.id, personaOfTask)),
    db.select().from(threadsAccounts).where(inArray(threadsAccounts.personaId, personaOfTask)),
    ...runningExperimentsQueries(db, personaOfTask),
    defaultsQuery(db, personaOfTask),
    ...scoringQueries(db, personaOfTask, sql`${ph("hooksSince")}`),
  ]);
}

export async function claimTask(db: Db, id: string, attempt: number, now: number): Promise<ClaimedTask> {
  const [claimed, persona, account, running, arms, defaults, model, ers, hooks, learned] = await compiled(
    db,
    "tasks.claim",
    () => claimBatch(db),
  ).run({
    id,
    attempt,
    now,
    hooksSince: now - HOOK_FATIGUE_WINDOW_MS,
  });
  const reads: AttemptReads = {
    account: account[0] ?? null,
    experiments: joinArms(running, arms),
    defaults: defaultsOf(defaults),
    scoring: scoringFrom(model, ers, hooks, learned),
  };
  const row = claimed[0];
  if (row) return { task: row, claimed: true, persona: persona[0] ?? null, reads };
  return { task: await getTask(db, id), claimed: false, persona: persona[0] ?? null, reads };
}

export async function recordTaskError(db: Db, id: string, error: string, now: number): Promise<void> {
  await db.update(tasks).set({ error, updatedAt: now }).where(eq(tasks.id, id));
}

/** Moves a task to a terminal status once; a task already terminal is left as it is. */
export async function finishTask(
  db: Db,
  id: string,
  end: { status: TaskStatus; postId?: string | null; error?: string | null },
  now: number,
): Promise<boolean> {
  const rows = await db
    .update(tasks)
    .set({ status: end.status, postId: end.postId ?? null, error: end.error ?? null, updatedAt: now, finishedAt: now })
    .where(and(eq(tasks.id, id), notInArray(tasks.status, [...TERMINAL_TASK_STATUSES])))
    .returning({ id: tasks.id });
  return rows.length > 0;
}

/** Tasks not terminal and untouched since `before`: their queue message may have been lost. */
export async function listStaleTasks(db: Db, before: number, limit: number): Promise<TaskRow[]> {
  return db
    .select()
    .from(tasks)
    .where(and(inArray(tasks.status, ["queued", "running"]), lt(tasks.updatedAt, before)))
    .orderBy(asc(tasks.updatedAt))
    .limit(limit)
    .all();
}

/** touchTask for many tasks, one UPDATE per chunk of ids. */
export async function touchTasks(db: Db, ids: string[], now: number): Promise<void> {
  for (const part of chunks(ids)) await db.update(tasks).set({ updatedAt: now }).where(inArray(tasks.id, part));
}

export async function touchTask(db: Db, id: string, now: number): Promise<void> {
  await db.update(tasks).set({ updatedAt: now }).where(eq(tasks.id, id));
}

export interface StepRecord {
  taskId: string;
  step: string;
  seq: number;
  status: StepStatus;
  attempt: number;
  startedAt: number;
  finishedAt?: number | null;
  error?: string | null;
  detail?: Record<string, unknown> | null;
}

export const stepRow = (s: StepRecord): TaskStepRow => ({
  taskId: s.taskId,
  step: s.step,
  seq: s.seq,
  status: s.status,
  attempt: s.attempt,
  startedAt: s.startedAt,
  finishedAt: s.finishedAt ?? null,
  durationMs: s.finishedAt ? s.finishedAt - s.startedAt : null,
  error: s.error ?? null,
  detail: s.detail ?? null,
});

// D1 binds at most 100 parameters per statement; a step row binds 10.
const STEP_ROWS_PER_STATEMENT = 10;

export type AttemptEnd = { status: TaskStatus; postId: string | null; error: string | null } | { error: string };

/**
 * Ends an attempt in one D1 batch (one round trip, atomic): upserts the attempt's step rows,
 * then either moves the task to its terminal status (once; a task already terminal is left
 * as it is) or records the error of an attempt that will be retried. Returns whether the
 * task became terminal in this call.
 */
export async function settleAttempt(
  db: Db,
  taskId: string,
  steps: readonly StepRecord[],
  end: AttemptEnd,
  now: number,
): Promise<boolean> {
  const statements: BatchItem<"sqlite">[] = [];
  for (let i = 0; i < steps.length; i += STEP_ROWS_PER_STATEMENT) {
    const rows = steps.slice(i, i + STEP_ROWS_PER_STATEMENT).map(stepRow);
    statements.push(
      db
        .insert(taskSteps)
        .values(rows)
        .onConflictDoUpdate({
          target: [taskSteps.taskId, taskSteps.step],
          set: {
            seq: sql`excluded.seq`,
            status: sql`excluded.status`,
            attempt: sql`excluded.attempt`,
            startedAt: sql`excluded.started_at`,
            finishedAt: sql`excluded.finished_at`,
            durationMs: sql`excluded.duration_ms`,
            error: sql`excluded.error`,
            detail: sql`excluded.detail`,
          },
        }),
    );
  }
  const last =
    "status" in end
      ? db
          .update(tasks)
          .set({ status: end.status, postId: end.postId, error: end.error, updatedAt: now, finishedAt: now })
          .where(and(eq(tasks.id, taskId), notInArray(tasks.status, [...TERMINAL_TASK_STATUSES])))
          .returning({ id: tasks.id })
      : db
          .update(tasks)
          .set({ error: end.error, updatedAt: now })
          .where(eq(tasks.id, taskId))
          .returning({ id: tasks.id });
  // One transaction: the order inside it does not matter to a reader.
  const [changed] = await db.batch([last, ...statements]);
  return "status" in end && (changed as { id: string }[]).length > 0;
}

export async function listSteps(db: Db, taskId: string): Promise<TaskStepRow[]> {
  const ofTask = compiled(db, "tasks.steps", () =>
    compileSelect(
      db,
      stepColumns,
      db
        .select(stepColumns)
        .from(taskSteps)
        .where(eq(taskSteps.taskId, sql.placeholder("taskId")))
        .orderBy(asc(taskSteps.seq)),
    ),
  );
  return ofTask.all({ taskId });
}

/** The steps of several tasks in one query (task lists), grouped by task id. */
export async function listStepsOf(db: Db, taskIds: readonly string[]): Promise<Map<string, TaskStepRow[]>> {
  const byTask = new Map<string, TaskStepRow[]>(taskIds.map((id) => [id, []]));
  if (taskIds.length === 0) return byTask;
  const rows = await db
    .select()
    .from(taskSteps)
    .where(inArray(taskSteps.taskId, [...taskIds]))
    .orderBy(asc(taskSteps.taskId), asc(taskSteps.seq))
    .all();
  for (const r of rows) byTask.get(r.taskId)?.push(r);
  return byTask;
}
