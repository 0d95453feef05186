import { asc, eq, gt } from "drizzle-orm";
import type { Db } from "./client.ts";
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

export async function getPersona(db: Db, id: string): Promise<PersonaRow | null> {
  return (await db.select().from(personas).where(eq(personas.id, id)).get()) ?? null;
}

export async function listPersonas(db: Db, args: { limit: number; after?: string }): Promise<PersonaRow[]> {
  const q = db.select().from(personas);
  const filtered = args.after ? q.where(gt(personas.id, args.after)) : q;
  return filtered.orderBy(asc(personas.id)).limit(args.limit).all();
}

export async function updatePersona(db: Db, id: string, patch: PersonaPatch, now: number): Promise<PersonaRow | null> {
  const rows = await db
    .update(personas)
    .set({ ...patch, updatedAt: now })
    .where(eq(personas.id, id))
    .returning();
  return rows[0] ?? null;
}
