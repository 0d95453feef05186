import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { personas, tasks, type PersonaRow } from "./schema/index.ts";

const onAutopilot = () => and(eq(personas.autopilot, true), isNotNull(personas.schedule));

export async function countAutopilotPersonas(db: Db): Promise<number> {
  const row = await db.select({ n: sql<number>`count(*)` }).from(personas).where(onAutopilot()).get();
  return row?.n ?? 0;
}

/** One page of autopilot personas in a stable order (the cron rotates through the pages). */
export function listAutopilotPersonas(db: Db, page: { limit: number; offset: number }): Promise<PersonaRow[]> {
  return db
    .select()
    .from(personas)
    .where(onAutopilot())
    .orderBy(asc(personas.id))
    .limit(page.limit)
    .offset(page.offset)
    .all();
}

/** Generation tasks still on their way to a slot: each will take the next free one. */
export async function countPendingScheduleTasks(db: Db, personaId: string): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(tasks)
    .where(
      and(eq(tasks.personaId, personaId), eq(tasks.publish, "schedule"), inArray(tasks.status, ["queued", "running"])),
    )
    .get();
  return row?.n ?? 0;
}
