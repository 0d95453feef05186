import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "./client.ts";
import { threadsOauthStates } from "./schema/index.ts";

export async function insertOauthState(db: Db, s: { state: string; personaId: string; redirectUri: string; expiresAt: number }, now: number): Promise<void> {
  // Housekeeping on the way in: expired states are useless and the table stays tiny.
  await db.delete(threadsOauthStates).where(lt(threadsOauthStates.expiresAt, now));
  await db.insert(threadsOauthStates).values({ ...s, createdAt: now });
}

/** Single use: the row is deleted as it is read, so a replayed callback finds nothing. */
export async function consumeOauthState(db: Db, state: string, now: number): Promise<{ personaId: string; redirectUri: string } | null> {
  const rows = await db
    .delete(threadsOauthStates)
    .where(and(eq(threadsOauthStates.state, state), gt(threadsOauthStates.expiresAt, now)))
    .returning({ personaId: threadsOauthStates.personaId, redirectUri: threadsOauthStates.redirectUri });
  return rows[0] ?? null;
}
