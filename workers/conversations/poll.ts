// Polling for apps without webhook access (every 15 minutes): per linked account, `/me/mentions`
// and the `/{media-id}/conversation` of its newest posts of the last 7 days, one page each.
// Accounts take turns (a rotation by persona id) when there are more than one tick polls.
// Bounded per tick so the job stays inside the cron's D1 and subrequest limits
// (docs/conformance.md, "D1 per cron invocation") and far inside Meta's per-user call budget:
// at most POLL_ACCOUNTS_PER_TICK accounts × (1 + REPLIES_POLL_POSTS) Graph calls, and at most
// POLL_INGEST_PER_TICK new replies stored (known ids are skipped with one query per page).
import { services } from "../services.ts";
import { activeAccounts, knownThreadsIds, recentPublishedMedia } from "../db/replies.ts";
import type { ReplyKind } from "../db/schema/index.ts";
import { logError } from "../log.ts";
import type { ThreadsReply } from "../providers/threads/index.ts";
import { accountToken } from "../publishing/accounts.ts";
import { settings } from "../settings/index.ts";
import { ingestReply } from "./ingest.ts";

export const POLL_ACCOUNTS_PER_TICK = 10;
export const POLL_INGEST_PER_TICK = 100;
const WINDOW_MS = 7 * 86_400_000;
// The cron that runs this job: every 15 minutes (CRON in workers/cron/index.ts).
const POLL_EVERY_MS = 15 * 60_000;

export interface PollReport {
  accounts: number;
  pages: number;
  stored: number;
}

export async function pollReplies(env: Env, now: number): Promise<PollReport> {
  const perAccount = settings(env).conversations.pollPostsPerAccount;
  const report: PollReport = { accounts: 0, pages: 0, stored: 0 };
  if (perAccount === 0) return report;
  const { db, threads } = services(env);
  // Each 15-minute tick takes the next POLL_ACCOUNTS_PER_TICK accounts of the rotation.
  const round = Math.floor(now / POLL_EVERY_MS);
  for (const account of await activeAccounts(db, POLL_ACCOUNTS_PER_TICK, round)) {
    if (report.stored >= POLL_INGEST_PER_TICK) break;
    report.accounts++;
    try {
      const token = await accountToken(env, account);
      const take = async (items: ThreadsReply[], kind: ReplyKind) => {
        report.pages++;
        const known = await knownThreadsIds(
          db,
          account.personaId,
          items.map((r) => r.id),
        );
        for (const reply of items) {
          if (known.has(reply.id) || report.stored >= POLL_INGEST_PER_TICK) continue;
          const res = await ingestReply(
            env,
            db,
            { reply, kind, source: "poll", targetUserId: account.threadsUserId },
            now,
          );
          if ("stored" in res) report.stored++;
        }
      };
      await take((await threads.listMentions(token, { limit: 25 })).replies, "mention");
      for (const { mediaId } of await recentPublishedMedia(db, account.personaId, now - WINDOW_MS, perAccount)) {
        if (!mediaId) continue;
        await take((await threads.listReplies(mediaId, token, { depth: "all", limit: 25 })).replies, "reply");
      }
    } catch (err) {
      // One account's failure (token, throttling) must not stop the others; the next tick retries.
      logError("replies.poll_failed", { persona_id: account.personaId, error: String(err) });
    }
  }
  return report;
}
