import { and, asc, eq, lte, or } from "drizzle-orm";
import type { Db } from "./client.ts";
import { threadsAccounts, type ThreadsAccountRow } from "./schema/index.ts";

export type AccountInput = Pick<
  ThreadsAccountRow,
  "personaId" | "threadsUserId" | "username" | "tokenEnc" | "tokenIssuedAt" | "tokenExpiresAt"
> &
  Partial<Pick<ThreadsAccountRow, "tokenExpiryKnown">>;

/** Linking (again) always leaves the account active: a fresh token clears needs_reauth. */
export async function upsertAccount(db: Db, a: AccountInput, now: number): Promise<ThreadsAccountRow> {
  const rows = await db
    .insert(threadsAccounts)
    .values({ tokenExpiryKnown: true, ...a, status: "active", statusReason: null, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: threadsAccounts.personaId,
      set: { tokenExpiryKnown: true, ...a, status: "active", statusReason: null, updatedAt: now },
    })
    .returning();
  const row = rows[0];
  if (!row) throw new Error(`threads account for ${a.personaId} was not saved`);
  return row;
}

export async function getAccount(db: Db, personaId: string): Promise<ThreadsAccountRow | null> {
  return (await db.select().from(threadsAccounts).where(eq(threadsAccounts.personaId, personaId)).get()) ?? null;
}

export async function deleteAccount(db: Db, personaId: string): Promise<boolean> {
  const rows = await db
    .delete(threadsAccounts)
    .where(eq(threadsAccounts.personaId, personaId))
    .returning({ id: threadsAccounts.personaId });
  return rows.length > 0;
}

/** True when this call changed the status (so the caller raises the alert once, not per post). */
export async function markNeedsReauth(db: Db, personaId: string, reason: string, now: number): Promise<boolean> {
  const rows = await db
    .update(threadsAccounts)
    .set({ status: "needs_reauth", statusReason: reason, updatedAt: now })
    .where(and(eq(threadsAccounts.personaId, personaId), eq(threadsAccounts.status, "active")))
    .returning({ id: threadsAccounts.personaId });
  return rows.length > 0;
}

/** For the alerting job (issue 6): every account whose posting is stopped until reconnected. */
export async function listAccountsNeedingReauth(db: Db): Promise<ThreadsAccountRow[]> {
  return db
    .select()
    .from(threadsAccounts)
    .where(eq(threadsAccounts.status, "needs_reauth"))
    .orderBy(asc(threadsAccounts.updatedAt))
    .all();
}

export async function listNeedsReauthPersonaIds(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: threadsAccounts.personaId })
    .from(threadsAccounts)
    .where(eq(threadsAccounts.status, "needs_reauth"))
    .all();
  return rows.map((r) => r.id);
}

/**
 * Refresh candidates: active tokens issued before `issuedBefore` that expire before
 * `expiresBefore`, or whose expiry is only assumed (refreshed at the first chance).
 */
export async function listAccountsToRefresh(
  db: Db,
  args: { issuedBefore: number; expiresBefore: number; limit: number },
): Promise<ThreadsAccountRow[]> {
  return db
    .select()
    .from(threadsAccounts)
    .where(
      and(
        eq(threadsAccounts.status, "active"),
        lte(threadsAccounts.tokenIssuedAt, args.issuedBefore),
        or(lte(threadsAccounts.tokenExpiresAt, args.expiresBefore), eq(threadsAccounts.tokenExpiryKnown, false)),
      ),
    )
    .orderBy(asc(threadsAccounts.tokenExpiresAt))
    .limit(args.limit)
    .all();
}

export async function replaceToken(
  db: Db,
  personaId: string,
  t: { tokenEnc: string; tokenIssuedAt: number; tokenExpiresAt: number; previousTokenEnc: string },
  now: number,
): Promise<boolean> {
  // Compare-and-set on the old ciphertext: a reconnect that raced the refresh wins.
  const rows = await db
    .update(threadsAccounts)
    .set({
      tokenEnc: t.tokenEnc,
      tokenIssuedAt: t.tokenIssuedAt,
      tokenExpiresAt: t.tokenExpiresAt,
      tokenExpiryKnown: true,
      updatedAt: now,
    })
    .where(and(eq(threadsAccounts.personaId, personaId), eq(threadsAccounts.tokenEnc, t.previousTokenEnc)))
    .returning({ id: threadsAccounts.personaId });
  return rows.length > 0;
}
