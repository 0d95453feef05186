import { and, asc, eq, getTableColumns, gt, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { compiled, compileSelect } from "./compiled-select.ts";
import { personas, type PersonaRow } from "./schema/index.ts";

export type NewPersona = Omit<typeof personas.$inferInsert, "createdAt" | "updatedAt">;
export type PersonaPatch = Partial<Omit<NewPersona, "id">>;

export async function insertPersona(db: Db, p: NewPersona, now: number): Promise<PersonaRow | null> {
  const rows = await db
    .insert(personas)
    .values({ ...p, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  return rows[0] ?? null;
}

const personaColumns = getTableColumns(personas);

/** Compiled once (compiled-select.ts): read by most routes and by every publish. */
export async function getPersona(db: Db, id: string): Promise<PersonaRow | null> {
  const byId = compiled(db, "personas.byId", () =>
    compileSelect(
      db,
      personaColumns,
      db
        .select(personaColumns)
        .from(personas)
        .where(eq(personas.id, sql.placeholder("id"))),
    ),
  );
  return (await byId.get({ id })) ?? null;
}

/** `ids`: only these (a persona-limited key); undefined = every persona. */
export async function listPersonas(
  db: Db,
  args: { limit: number; after?: string; ids?: string[] },
): Promise<PersonaRow[]> {
  return db
    .select()
    .from(personas)
    .where(
      and(args.after ? gt(personas.id, args.after) : undefined, args.ids ? inArray(personas.id, args.ids) : undefined),
    )
    .orderBy(asc(personas.id))
    .limit(args.limit)
    .all();
}

export async function updatePersona(db: Db, id: string, patch: PersonaPatch, now: number): Promise<PersonaRow | null> {
  const rows = await db
    .update(personas)
    .set({ ...patch, updatedAt: now })
    .where(eq(personas.id, id))
    .returning();
  return rows[0] ?? null;
}

/** Personas whose schedule follows their best times (autopilot_best_times), in a stable order. */
export function listBestTimesPersonas(db: Db, limit: number): Promise<PersonaRow[]> {
  return db
    .select()
    .from(personas)
    .where(and(eq(personas.autopilotBestTimes, true), isNotNull(personas.schedule)))
    .orderBy(asc(personas.id))
    .limit(limit)
    .all();
}
