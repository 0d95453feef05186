import { and, asc, desc, eq, inArray, lt, notInArray, sql } from "drizzle-orm";
import { chunks } from "./chunks.ts";
import type { Db } from "./client.ts";
import {
  TERMINAL_TASK_STATUSES,
  taskSteps,
  tasks,
  type StepStatus,
  type TaskRow,
  type TaskStatus,
  type TaskStepRow,
} from "./schema/index.ts";

export type NewTask = Pick<TaskRow, "id" | "personaId" | "publish" | "input" | "idempotencyKey" | "requestHash">;

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

export async function markTaskRunning(db: Db, id: string, attempt: number, now: number): Promise<void> {
  await db
    .update(tasks)
    .set({ status: "running", attempts: attempt, updatedAt: now, startedAt: sql`coalesce(${tasks.startedAt}, ${now})` })
    .where(and(eq(tasks.id, id), notInArray(tasks.status, [...TERMINAL_TASK_STATUSES])));
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

export async function upsertStep(db: Db, s: StepRecord): Promise<void> {
  const durationMs = s.finishedAt ? s.finishedAt - s.startedAt : null;
  const values = { ...s, finishedAt: s.finishedAt ?? null, durationMs, error: s.error ?? null, detail: s.detail ?? null };
  await db
    .insert(taskSteps)
    .values(values)
    .onConflictDoUpdate({ target: [taskSteps.taskId, taskSteps.step], set: values });
}

export async function listSteps(db: Db, taskId: string): Promise<TaskStepRow[]> {
  return db.select().from(taskSteps).where(eq(taskSteps.taskId, taskId)).orderBy(asc(taskSteps.seq)).all();
}
