import { and, asc, desc, eq, inArray, lt, notInArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "./client.ts";
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
} from "./schema/index.ts";

export type NewTask = Pick<TaskRow, "id" | "personaId" | "publish" | "input" | "idempotencyKey" | "requestHash">;

/**
 * POST /v1/tasks in one statement: inserts the queued task only if its persona exists and the
 * task has a topic or the persona has topics to pick from, and only if the idempotency key is
 * free. Null when any of these failed; the caller then finds out which (the rare path).
 */
export async function insertTaskIfAllowed(db: Db, t: NewTask & { hasTopic: boolean }, now: number): Promise<{ id: string; status: TaskStatus } | null> {
  const rows = await db.all<{ id: string; status: TaskStatus }>(sql`
    INSERT INTO ${tasks} (id, persona_id, status, publish, input, idempotency_key, request_hash, attempts, created_at, updated_at)
    SELECT ${t.id}, ${personas.id}, 'queued', ${t.publish}, ${JSON.stringify(t.input)}, ${t.idempotencyKey}, ${t.requestHash}, 0, ${now}, ${now}
    FROM ${personas}
    WHERE ${personas.id} = ${t.personaId} AND (${t.hasTopic ? 1 : 0} = 1 OR json_array_length(${personas.topics}) > 0)
    ON CONFLICT DO NOTHING
    RETURNING id, status`);
  return rows[0] ?? null;
}

/** Inserts a queued task; null when the idempotency key is already taken (the caller loads that task). */
export async function insertTask(db: Db, t: NewTask, now: number): Promise<TaskRow | null> {
  const rows = await db
    .insert(tasks)
    .values({ ...t, status: "queued", attempts: 0, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  return rows[0] ?? null;
}

export async function getTask(db: Db, id: string): Promise<TaskRow | null> {
  return (await db.select().from(tasks).where(eq(tasks.id, id)).get()) ?? null;
}

export async function getTaskByIdempotencyKey(db: Db, key: string): Promise<TaskRow | null> {
  return (await db.select().from(tasks).where(eq(tasks.idempotencyKey, key)).get()) ?? null;
}

export async function listTasks(db: Db, args: { personaId?: string; status?: TaskStatus; limit: number }): Promise<TaskRow[]> {
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
}

/**
 * Starts an attempt in one D1 round trip: marks the task running (unless it is already
 * terminal) and reads its persona. Only a task that could not be claimed costs a second read.
 */
export async function claimTask(db: Db, id: string, attempt: number, now: number): Promise<ClaimedTask> {
  const [claimed, persona] = await db.batch([
    db
      .update(tasks)
      .set({ status: "running", attempts: attempt, updatedAt: now, startedAt: sql`coalesce(${tasks.startedAt}, ${now})` })
      .where(and(eq(tasks.id, id), notInArray(tasks.status, [...TERMINAL_TASK_STATUSES])))
      .returning(),
    db.select().from(personas).where(inArray(personas.id, db.select({ id: tasks.personaId }).from(tasks).where(eq(tasks.id, id)))),
  ]);
  const row = claimed[0];
  if (row) return { task: row, claimed: true, persona: persona[0] ?? null };
  return { task: await getTask(db, id), claimed: false, persona: persona[0] ?? null };
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
export async function settleAttempt(db: Db, taskId: string, steps: readonly StepRecord[], end: AttemptEnd, now: number): Promise<boolean> {
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
      : db.update(tasks).set({ error: end.error, updatedAt: now }).where(eq(tasks.id, taskId)).returning({ id: tasks.id });
  // One transaction: the order inside it does not matter to a reader.
  const [changed] = await db.batch([last, ...statements]);
  return "status" in end && (changed as { id: string }[]).length > 0;
}

export async function listSteps(db: Db, taskId: string): Promise<TaskStepRow[]> {
  return db.select().from(taskSteps).where(eq(taskSteps.taskId, taskId)).orderBy(asc(taskSteps.seq)).all();
}

/** The steps of several tasks in one query (task lists), grouped by task id. */
export async function listStepsOf(db: Db, taskIds: readonly string[]): Promise<Map<string, TaskStepRow[]>> {
  const byTask = new Map<string, TaskStepRow[]>(taskIds.map((id) => [id, []]));
  if (taskIds.length === 0) return byTask;
  const rows = await db.select().from(taskSteps).where(inArray(taskSteps.taskId, [...taskIds])).orderBy(asc(taskSteps.taskId), asc(taskSteps.seq)).all();
  for (const r of rows) byTask.get(r.taskId)?.push(r);
  return byTask;
}
