// The checks that keep a deleted persona's work from going out. Deletion runs in the persona's
// Durable Object (erasePersona), which also runs its pipelines and publishes, so an in-memory
// generation counter tells in-flight work at no cost that the persona went away; the D1 read
// before a post is stored covers everything else (a task whose persona was deleted elsewhere).
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { personas, tasks } from "../db/schema/index.ts";

/** Returns why in-flight work must stop now, or null to carry on. */
export type StopCheck = () => string | null;

export const DELETED_WHILE_RUNNING = "cancelled: the persona was deleted while this was in flight";

/** Thrown by the publisher at a checkpoint once its persona was deleted: nothing more is sent to Threads. */
export class PersonaGone extends Error {
  override readonly name = "PersonaGone";
}

/** One D1 read: the task was not cancelled and its persona still exists. */
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
