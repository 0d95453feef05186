// The checks that keep a deleted persona's work from going out. Deletion runs in the persona's
// Durable Object (erasePersona), which also runs its pipelines and publishes, so an in-memory
// generation counter tells in-flight work at no cost that the persona went away; the store
// batch's own condition (taskWanted) covers everything else (a task cancelled, or whose persona
// was deleted elsewhere): the post and what goes with it are written only while it holds.
import { eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { personas, tasks } from "../db/schema/index.ts";

/** Returns why in-flight work must stop now, or null to carry on. */
export type StopCheck = () => string | null;

export const DELETED_WHILE_RUNNING = "cancelled: the persona was deleted while this was in flight";

/** Thrown by the publisher at a checkpoint once its persona was deleted: nothing more is sent to Threads. */
export class PersonaGone extends Error {
  override readonly name = "PersonaGone";
}

/**
 * The same rule as taskStillWanted, as a condition for a write: the task exists, was not
 * cancelled, and its persona exists. A statement guarded by it cannot store a post that is
 * no longer wanted, however late the cancellation came, and costs no read of its own.
 */
export const taskWanted = (taskId: string): SQL =>
  sql`exists (select 1 from ${tasks} join ${personas} on ${personas.id} = ${tasks.personaId} where ${tasks.id} = ${taskId} and ${tasks.status} <> 'cancelled')`;

/** One D1 read: the task was not cancelled and its persona still exists; why not, if it is no longer wanted. */
export async function taskStillWanted(db: Db, taskId: string): Promise<string | null> {
  const row = await db
    .select({ status: tasks.status, error: tasks.error, persona: personas.id, personaId: tasks.personaId })
    .from(tasks)
    .leftJoin(personas, eq(personas.id, tasks.personaId))
    .where(eq(tasks.id, taskId))
    .get();
  if (!row) return `cancelled: task '${taskId}' no longer exists`;
  if (row.status === "cancelled") return row.error ?? "cancelled";
  if (row.persona === null) return `cancelled: persona '${row.personaId}' no longer exists`;
  return null;
}
