import { openDb } from "../db/client.ts";
import { listAccountsToRefresh, markNeedsReauth, replaceToken } from "../db/threads-accounts.ts";
import { AppError } from "../errors.ts";
import { ThreadsApiError } from "../providers/threads/index.ts";
import { accountToken } from "../publishing/accounts.ts";
import { loadPublishingSettings } from "../publishing/settings.ts";
import { threadsClientFor } from "../publishing/threads-client.ts";
import { encryptToken } from "../publishing/token-crypto.ts";
import { logError } from "../log.ts";

const DAY_MS = 86_400_000;

/**
 * Daily: long-lived tokens can be refreshed once 24 h old and before they expire; refresh
 * those within 7 days of expiry, so a few failed days still leave time. A token Threads
 * rejects (or one already expired) marks the account needs_reauth, which stops its posting.
 */
export async function refreshTokens(env: Env, now: number): Promise<{ refreshed: number; needsReauth: number }> {
  const db = openDb(env.DB);
  const client = threadsClientFor(env, loadPublishingSettings(env));
  const due = await listAccountsToRefresh(db, { issuedBefore: now - DAY_MS, expiresBefore: now + 7 * DAY_MS, limit: 200 });
  let refreshed = 0;
  let needsReauth = 0;
  for (const account of due) {
    const stop = async (reason: string) => {
      if (await markNeedsReauth(db, account.personaId, reason, now)) {
        needsReauth++;
        logError("threads.account_needs_reauth", { persona_id: account.personaId, cause: "token_refresh" });
      }
    };
    if (account.tokenExpiresAt <= now) {
      await stop(`The Threads token expired on ${new Date(account.tokenExpiresAt).toISOString()}; reconnect the account.`);
      continue;
    }
    try {
      const fresh = await client.refreshLongLived(await accountToken(env, account));
      const tokenEnc = await encryptToken(fresh.accessToken, env.TOKEN_ENCRYPTION_KEY, account.personaId);
      if (await replaceToken(db, account.personaId, { tokenEnc, tokenIssuedAt: now, tokenExpiresAt: now + fresh.expiresInSeconds * 1000, previousTokenEnc: account.tokenEnc }, now)) refreshed++;
    } catch (err) {
      if (err instanceof AppError || (err instanceof ThreadsApiError && err.kind !== "auth")) {
        // Throttled, down, or our own config (no key): tomorrow's run tries again, inside the 7-day margin.
        logError("threads.token_refresh_failed", { persona_id: account.personaId, error: err.message });
        continue;
      }
      await stop(`Refreshing the Threads token failed: ${err instanceof Error ? err.message : String(err)}. Reconnect the account.`);
    }
  }
  return { refreshed, needsReauth };
}
