// The 250 posts / rolling 24 h limit, checked before anything is created or published: first
// against the persona's own ledger (no API call needed), then against Threads' count, which
// also sees posts made outside this app.
import { ThreadsApiError } from "../providers/threads/index.ts";
import type { ThreadsClient } from "../providers/threads/index.ts";
import { QuotaDeferral } from "./outcome.ts";
import { QUOTA_POSTS } from "./quota-ledger.ts";
import type { QuotaLedger } from "./quota-ledger.ts";

/** Threads does not say when its window frees a place; look again after this long. */
export const API_QUOTA_RECHECK_MS = 3_600_000;

/** Throws QuotaDeferral when the quota is used up; a failing quota endpoint (not auth) is ignored. */
export async function ensureQuota(
  client: ThreadsClient,
  ledger: QuotaLedger,
  userId: string,
  token: string,
  now: number,
): Promise<void> {
  const freeAt = ledger.nextFreeAt(now, QUOTA_POSTS);
  if (freeAt !== null) {
    throw new QuotaDeferral(
      freeAt,
      `Publishing limit reached: ${QUOTA_POSTS} posts in 24 h from this persona; will publish at ${new Date(freeAt).toISOString()}`,
    );
  }
  let usage: number;
  let total: number;
  try {
    ({ quotaUsage: usage, quotaTotal: total } = await client.getPublishingLimit(userId, token));
  } catch (err) {
    // A dead token must stop publishing; a flaky quota endpoint must not (the ledger still holds).
    if (err instanceof ThreadsApiError && err.kind === "auth") throw err;
    return;
  }
  if (usage >= total) {
    const until = now + API_QUOTA_RECHECK_MS;
    throw new QuotaDeferral(
      until,
      `Publishing limit reached: Threads counts ${usage} of ${total} posts in 24 h on this account; will try again at ${new Date(until).toISOString()}`,
    );
  }
}
