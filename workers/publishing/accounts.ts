// Linking a Threads account to a persona. The token is encrypted before it reaches D1 (bound to
// the persona id, so a ciphertext copied onto another persona's row does not decrypt) and is
// never part of a response, a log line or an error message.
import type { Db } from "../db/client.ts";
import type { ThreadsAccountRow } from "../db/schema/index.ts";
import { upsertAccount } from "../db/threads-accounts.ts";
import { AppError, badRequest } from "../errors.ts";
import { ThreadsApiError } from "../providers/threads/index.ts";
import type { ThreadsClient, ThreadsProfile } from "../providers/threads/index.ts";
import { decryptToken, encryptToken, TokenCryptoError } from "./token-crypto.ts";

/** Long-lived Threads tokens last 60 days; a pasted token with no stated expiry is assumed fresh. */
export const LONG_LIVED_TTL_MS = 60 * 86_400_000;

export interface LinkInput {
  personaId: string;
  userId: string;
  accessToken: string;
  issuedAt: number;
  expiresAt: number;
  username?: string | null;
}

export async function saveAccount(env: Env, db: Db, input: LinkInput, now: number): Promise<ThreadsAccountRow> {
  const tokenEnc = await encryptToken(input.accessToken, requireKey(env), input.personaId);
  return upsertAccount(db, {
    personaId: input.personaId,
    threadsUserId: input.userId,
    username: input.username ?? null,
    tokenEnc,
    tokenIssuedAt: input.issuedAt,
    tokenExpiresAt: input.expiresAt,
  }, now);
}

/**
 * Asks Threads who the token belongs to. Returns null when Threads could not be reached (the
 * link is saved unvalidated rather than refused); throws bad_request when the token is refused
 * or belongs to another user.
 */
export async function validateToken(client: ThreadsClient, userId: string, token: string): Promise<ThreadsProfile | null> {
  let me: ThreadsProfile;
  try {
    me = await client.getMe(token);
  } catch (err) {
    if (err instanceof ThreadsApiError && (err.kind === "auth" || err.kind === "permanent")) {
      throw badRequest("access_token", `Threads refused this token (${err.code ?? err.httpStatus ?? "error"}): ${err.message}`);
    }
    return null;
  }
  if (userId !== "me" && me.id !== userId) {
    throw badRequest("user_id", `the token belongs to Threads user ${me.id}, not ${userId}`);
  }
  return me;
}

export async function accountToken(env: Env, row: ThreadsAccountRow): Promise<string> {
  return decryptToken(row.tokenEnc, requireKey(env), row.personaId);
}

function requireKey(env: Env): string {
  // Declared required in wrangler.toml, but a deploy may still lack it: say what to do.
  const key = env.TOKEN_ENCRYPTION_KEY as string | undefined;
  if (!key) {
    throw new AppError("unavailable", "TOKEN_ENCRYPTION_KEY is not set; set it (openssl rand -base64 32) with `wrangler secret put TOKEN_ENCRYPTION_KEY` or in .dev.vars");
  }
  return key;
}

/** Why a stored token cannot be used, in words an operator can act on. */
export function tokenUnusableReason(err: unknown): string | null {
  if (err instanceof TokenCryptoError) return `the stored Threads token cannot be decrypted (${err.reason}): ${err.message}`;
  return null;
}
