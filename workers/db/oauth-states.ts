import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "./client.ts";
import { threadsOauthStates } from "./schema/index.ts";

export async function insertOauthState(
  db: Db,
  s: { state: string; personaId: string; redirectUri: string; expiresAt: number; browserHash: string },
  now: number,
): Promise<void> {
  // Housekeeping on the way in: expired states are useless and the table stays tiny.
  await db.delete(threadsOauthStates).where(lt(threadsOauthStates.expiresAt, now));
  await db.insert(threadsOauthStates).values({ ...s, createdAt: now });
}

/** A live state whose browser binding is `browserHash` (to hand the cookie to a browser); not consumed. */
export async function findOauthState(
  db: Db,
  state: string,
  browserHash: string,
  now: number,
): Promise<{ personaId: string; redirectUri: string } | null> {
  const row = await db
    .select({ personaId: threadsOauthStates.personaId, redirectUri: threadsOauthStates.redirectUri })
    .from(threadsOauthStates)
    .where(
      and(
        eq(threadsOauthStates.state, state),
        eq(threadsOauthStates.browserHash, browserHash),
        gt(threadsOauthStates.expiresAt, now),
      ),
    )
    .get();
  return row ?? null;
}

/**
 * Single use: the row is deleted as it is read, so a replayed callback finds nothing. Only the
 * browser holding the flow's cookie can consume it; from another browser the state stays (an
 * attacker cannot burn it) and the callback is refused.
 */
export async function consumeOauthState(
  db: Db,
  state: string,
  browserHash: string | null,
  now: number,
): Promise<{ personaId: string; redirectUri: string } | null> {
  if (browserHash === null) return null;
  const rows = await db
    .delete(threadsOauthStates)
    .where(
      and(
        eq(threadsOauthStates.state, state),
        eq(threadsOauthStates.browserHash, browserHash),
        gt(threadsOauthStates.expiresAt, now),
      ),
    )
    .returning({ personaId: threadsOauthStates.personaId, redirectUri: threadsOauthStates.redirectUri });
  return rows[0] ?? null;
}
