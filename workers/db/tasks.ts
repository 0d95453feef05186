import { and, asc, desc, eq, inArray, lt, notInArray, sql } from "drizzle-orm";
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
export async function insertTaskWithinLimits(db: Db, t: NewTask, limits: TaskLimits, now: number): Promise<InsertTaskResult> {
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
    return { ok: true, task: { ...t, status: "queued", attempts: 0, postId: null, error: null, createdAt: now, updatedAt: now, startedAt: null, finishedAt: null, deletedPersonaId: null, personaDeletedAt: null } };
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
