import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { personas, tasks, type PersonaRow } from "./schema/index.ts";

const onAutopilot = () => and(eq(personas.autopilot, true), isNotNull(personas.schedule));

/** Every autopilot persona's id, in a stable order: the cron splits them into pages (cron/fan-out.ts). */
export async function listAutopilotPersonaIds(db: Db): Promise<string[]> {
  const rows = await db.select({ id: personas.id }).from(personas).where(onAutopilot()).orderBy(asc(personas.id)).all();
  return rows.map((r) => r.id);
}

/** One page of autopilot personas by id (still on autopilot: the page was listed a moment ago). */
export function listAutopilotPersonasByIds(db: Db, ids: string[]): Promise<PersonaRow[]> {
  return db
    .select()
    .from(personas)
    .where(and(onAutopilot(), inArray(personas.id, ids)))
    .orderBy(asc(personas.id))
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
