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

/** Long-lived Threads tokens last 60 days from issue or refresh (docs/conformance.md, "OAuth and tokens"). */
export const LONG_LIVED_TTL_MS = 60 * 86_400_000;
/** A token that expires within this is short-lived (1 h) in practice: exchange it or refuse it. */
const SHORT_LIVED_MAX_MS = 86_400_000;

export interface LinkInput {
  personaId: string;
  userId: string;
  accessToken: string;
  issuedAt: number;
  expiresAt: number;
  /** false: expiresAt is an assumption; the refresh job renews it at the first chance after 24 h. */
  expiryKnown?: boolean;
  username?: string | null;
}

export interface PastedToken {
  accessToken: string;
  issuedAt: number;
  expiresAt: number;
  expiryKnown: boolean;
  /** A short-lived token was exchanged for a long-lived one. */
  exchanged: boolean;
}

/**
 * Works out what a pasted token is before it is stored, instead of assuming "60 days from now":
 * 1. With the app secret, try th_exchange_token: it succeeds only for a short-lived token, which
 *    is then replaced by the long-lived one (expiry from expires_in).
 * 2. Ask debug_token (works when the token's user is a tester of the app): issued_at/expires_at.
 * 3. A token known to die within a day that could not be exchanged is refused (400).
 * 4. Otherwise the expiry is the caller's `expires_at`, or unknown: stored as an assumption and
 *    refreshed at the first chance after 24 h (refresh-tokens.ts).
 */
export async function resolvePastedToken(
  client: ThreadsClient,
  args: { token: string; appSecret: string | null; statedExpiresAt?: number; now: number },
): Promise<PastedToken> {
  const { token, now } = args;
  if (args.appSecret) {
    const long = await client.exchangeForLongLived(token, args.appSecret).catch(() => null);
    if (long)
      return {
        accessToken: long.accessToken,
        issuedAt: now,
        expiresAt: long.expiresAt,
        expiryKnown: true,
        exchanged: true,
      };
  }
  const info = await client.debugToken(token, token).catch(() => null);
  if (info && !info.isValid) throw badRequest("access_token", "Threads reports this token as invalid (debug_token)");
  const expiresAt = info?.expiresAt ?? args.statedExpiresAt;
  if (expiresAt !== undefined && expiresAt - now <= SHORT_LIVED_MAX_MS) {
    const when = new Date(expiresAt).toISOString();
    throw badRequest(
      "access_token",
      args.appSecret
        ? `this token expires at ${when} and Threads would not exchange it for a long-lived one; paste a long-lived token or connect with GET …/threads-account/connect`
        : `this looks like a short-lived token (expires at ${when}); set THREADS_APP_SECRET so it can be exchanged for a 60-day token, or paste a long-lived token`,
    );
  }
  if (info?.expiresAt !== undefined) {
    return {
      accessToken: token,
      issuedAt: info.issuedAt ?? now,
      expiresAt: info.expiresAt,
      expiryKnown: true,
      exchanged: false,
    };
  }
  if (args.statedExpiresAt !== undefined)
    return { accessToken: token, issuedAt: now, expiresAt: args.statedExpiresAt, expiryKnown: true, exchanged: false };
  return {
    accessToken: token,
    issuedAt: now,
    expiresAt: now + LONG_LIVED_TTL_MS,
    expiryKnown: false,
    exchanged: false,
  };
}

export async function saveAccount(env: Env, db: Db, input: LinkInput, now: number): Promise<ThreadsAccountRow> {
  const tokenEnc = await encryptToken(input.accessToken, requireKey(env), input.personaId);
  return upsertAccount(
    db,
    {
      personaId: input.personaId,
      threadsUserId: input.userId,
      username: input.username ?? null,
      tokenEnc,
      tokenIssuedAt: input.issuedAt,
      tokenExpiresAt: input.expiresAt,
      tokenExpiryKnown: input.expiryKnown ?? true,
    },
    now,
  );
}

/**
 * Asks Threads who the token belongs to. Returns null when Threads could not be reached (the
 * link is saved unvalidated rather than refused); throws bad_request when the token is refused
 * or belongs to another user.
 */
export async function validateToken(
  client: ThreadsClient,
  userId: string,
  token: string,
): Promise<ThreadsProfile | null> {
  let me: ThreadsProfile;
  try {
    me = await client.getMe(token);
  } catch (err) {
    if (err instanceof ThreadsApiError && (err.kind === "auth" || err.kind === "permanent")) {
      throw badRequest(
        "access_token",
        `Threads refused this token (${err.code ?? err.httpStatus ?? "error"}): ${err.message}`,
      );
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
    throw new AppError(
      "unavailable",
      "TOKEN_ENCRYPTION_KEY is not set; set it (openssl rand -base64 32) with `wrangler secret put TOKEN_ENCRYPTION_KEY` or in .dev.vars",
    );
  }
  return key;
}

/** Why a stored token cannot be used, in words an operator can act on. */
export function tokenUnusableReason(err: unknown): string | null {
  if (err instanceof TokenCryptoError)
    return `the stored Threads token cannot be decrypted (${err.reason}): ${err.message}`;
  return null;
}
