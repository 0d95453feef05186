import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { personas, tasks, type PersonaRow } from "./schema/index.ts";

export function listAutopilotPersonas(db: Db): Promise<PersonaRow[]> {
  return db.select().from(personas).where(and(eq(personas.autopilot, true), isNotNull(personas.schedule))).all();
}

/** Generation tasks still on their way to a slot: each will take the next free one. */
export async function countPendingScheduleTasks(db: Db, personaId: string): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(tasks)
    .where(and(eq(tasks.personaId, personaId), eq(tasks.publish, "schedule"), inArray(tasks.status, ["queued", "running"])))
    .get();
  return row?.n ?? 0;
}
