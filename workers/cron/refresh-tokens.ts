import { listAccountsToRefresh, markNeedsReauth, replaceToken } from "../db/threads-accounts.ts";
import { AppError } from "../errors.ts";
import { ThreadsApiError } from "../providers/threads/index.ts";
import { accountToken } from "../publishing/accounts.ts";
import { services } from "../services.ts";
import { encryptToken } from "../publishing/token-crypto.ts";
import { logError } from "../log.ts";

const DAY_MS = 86_400_000;

/** Accounts per run: bounds the run's D1 queries and Threads calls; the next run takes the rest. */
export const REFRESH_PER_RUN = 50;

/**
 * Every 15 minutes: a long-lived token can be refreshed once it is at least 24 h old and not
 * expired (https://developers.facebook.com/docs/threads/get-started/long-lived-tokens/). Tokens
 * with a known expiry are refreshed within 7 days of it, so failed runs still leave time; tokens
 * whose expiry is only assumed (a pasted token Threads did not describe) at the first run after
 * they are 24 h old. A token Threads rejects (or one known to have expired) marks the account
 * needs_reauth, which stops its posting.
 */
export async function refreshTokens(env: Env, now: number): Promise<{ refreshed: number; needsReauth: number }> {
  const db = services(env).db;
  const client = services(env).threads;
  const due = await listAccountsToRefresh(db, {
    issuedBefore: now - DAY_MS,
    expiresBefore: now + 7 * DAY_MS,
    limit: REFRESH_PER_RUN,
  });
  let refreshed = 0;
  let needsReauth = 0;
  for (const account of due) {
    const stop = async (reason: string) => {
      if (await markNeedsReauth(db, account.personaId, reason, now)) {
        needsReauth++;
        logError("threads.account_needs_reauth", { persona_id: account.personaId, cause: "token_refresh" });
      }
    };
    if (account.tokenExpiryKnown && account.tokenExpiresAt <= now) {
      await stop(
        `The Threads token expired on ${new Date(account.tokenExpiresAt).toISOString()}; reconnect the account.`,
      );
      continue;
    }
    try {
      const fresh = await client.refreshLongLived(await accountToken(env, account));
      const tokenEnc = await encryptToken(fresh.accessToken, env.TOKEN_ENCRYPTION_KEY, account.personaId);
      if (
        await replaceToken(
          db,
          account.personaId,
          {
            tokenEnc,
            tokenIssuedAt: now,
            tokenExpiresAt: now + fresh.expiresInSeconds * 1000,
            previousTokenEnc: account.tokenEnc,
          },
          now,
        )
      )
        refreshed++;
    } catch (err) {
      if (err instanceof AppError || (err instanceof ThreadsApiError && err.kind !== "auth")) {
        // Throttled, down, or our own config (no key): tomorrow's run tries again, inside the 7-day margin.
        logError("threads.token_refresh_failed", { persona_id: account.personaId, error: err.message });
        continue;
      }
      await stop(
        `Refreshing the Threads token failed: ${err instanceof Error ? err.message : String(err)}. Reconnect the account.`,
      );
    }
  }
  return { refreshed, needsReauth };
}
