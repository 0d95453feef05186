import { desc, eq, and, isNull, lt, or } from "drizzle-orm";
import type { Db } from "./client.ts";
import { apiKeys, type ApiKeyRow, type ApiScope } from "./schema/index.ts";

export async function insertApiKey(
  db: Db,
  k: { id: string; name: string; hash: string; scopes: ApiScope[]; personaIds: string[] | null },
  now: number,
): Promise<ApiKeyRow> {
  const [row] = await db
    .insert(apiKeys)
    .values({ ...k, createdAt: now })
    .returning();
  return row!;
}

/** Every key, newest first, revoked ones included (marked). */
export function listApiKeys(db: Db): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)).all();
}

/** The key with this token hash that is not revoked, or null. */
export async function activeKeyByHash(db: Db, hash: string): Promise<ApiKeyRow | null> {
  const row = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)))
    .get();
  return row ?? null;
}

/** Marks the key revoked; false when there is no such key or it was revoked already. */
export async function revokeApiKey(db: Db, id: string, now: number): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** Records a use at most once per `everyMs`, so a busy key does not write on every request. */
export async function touchApiKey(db: Db, id: string, now: number, everyMs: number): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, now - everyMs))));
}
