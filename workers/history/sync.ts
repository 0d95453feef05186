// One step of a history sync, run by the persona's Durable Object for one `history` queue
// message: read up to PAGES_PER_STEP pages of the account's posts (GET /{user-id}/threads, newest
// first, `after` cursors), each new post's insights (GET /{media-id}/insights), and store each page
// together with the job's new cursor and counts in one D1 batch. A redelivered message therefore
// resumes at the stored cursor and never stores a page twice; a post seen again is a duplicate.
import type { Db } from "../db/client.ts";
import { advanceJobStatement, finishJob, getHistoryJob, knownMediaIds, startJobAttempt } from "../db/history-jobs.ts";
import type { StoredImport } from "../db/history.ts";
import { getAccount } from "../db/threads-accounts.ts";
import { ThreadsApiError } from "../providers/threads/index.ts";
import type { ThreadsClient, ThreadsPost } from "../providers/threads/index.ts";
import { accountToken } from "../publishing/accounts.ts";
import { refitAfterImport } from "../score/learned-score.ts";
import type { HistorySettings } from "../settings/index.ts";
import { type ImportRow, textProblem } from "./rows.ts";

/** Pages per queue message: with 25 posts a page that is ~100 Threads calls, far inside a Worker's subrequest limit. */
export const PAGES_PER_STEP = 4;

export type SyncOutcome =
  /** The job ended (or had ended): acknowledge. */
  | { kind: "done" }
  /** More pages follow: send the next message now. */
  | { kind: "more" }
  /** Threads throttled or failed for now: redeliver after the backoff (or the asked wait). */
  | { kind: "retry"; askedSeconds?: number; error: string };

export interface SyncDeps {
  env: Env;
  db: Db;
  client: ThreadsClient;
  settings: HistorySettings;
  now: () => number;
  /** Stores rows new to the persona (and indexes them for dedup) in one batch with `alongside`. */
  store(
    personaId: string,
    rows: ImportRow[],
    alongside: (idsJson: string) => D1PreparedStatement[],
  ): Promise<StoredImport>;
}

export async function syncStep(deps: SyncDeps, jobId: string, attempt: number): Promise<SyncOutcome> {
  const { db } = deps;
  const job = await getHistoryJob(db, jobId);
  if (!job || !(await startJobAttempt(db, jobId, attempt, deps.now()))) return { kind: "done" };
  const account = await getAccount(db, job.personaId);
  if (!account) {
    await finishJob(db, jobId, { status: "cancelled", error: "the persona has no Threads account linked" }, deps.now());
    return { kind: "done" };
  }
  if (account.status === "needs_reauth") {
    await finishJob(
      db,
      jobId,
      { status: "failed", error: `the Threads account needs reconnecting: ${account.statusReason ?? "token refused"}` },
      deps.now(),
    );
    return { kind: "done" };
  }
  const token = await accountToken(deps.env, account);
  let cursor = job.cursor;
  let seen = job.seen;
  try {
    for (let page = 0; page < PAGES_PER_STEP; page++) {
      const limit = Math.min(deps.settings.syncPageSize, job.cap - seen);
      if (limit <= 0) break;
      const listed = await deps.client.listPosts(account.threadsUserId, token, { limit, after: cursor ?? undefined });
      const posts = listed.posts.slice(0, limit);
      await storePage(deps, job.personaId, token, posts, (c) => (idsJson) => [
        advanceJobStatement(
          deps.env.DB,
          jobId,
          { cursor: listed.nextCursor ?? null, seen: posts.length, ...c, idsJson },
          deps.now(),
        ),
      ]);
      seen += posts.length;
      cursor = listed.nextCursor ?? null;
      if (!listed.nextCursor || seen >= job.cap) {
        await finishJob(db, jobId, { status: "succeeded" }, deps.now());
        await refitAfterImport(db, job.personaId, deps.now());
        return { kind: "done" };
      }
    }
    return { kind: "more" };
  } catch (err) {
    if (err instanceof ThreadsApiError && (err.kind === "throttled" || err.kind === "transient")) {
      return {
        kind: "retry",
        askedSeconds: err.retryAfterMs !== undefined ? err.retryAfterMs / 1000 : undefined,
        error: err.message,
      };
    }
    const why =
      err instanceof ThreadsApiError ? `Threads refused the history read (${err.kind}): ${err.message}` : String(err);
    if (err instanceof ThreadsApiError) {
      await finishJob(db, jobId, { status: "failed", error: why }, deps.now());
      return { kind: "done" };
    }
    throw err;
  }
}

/** Insights of the page's posts not stored yet, then one batch: the new posts, their readings and the job's progress. */
async function storePage(
  deps: SyncDeps,
  personaId: string,
  token: string,
  posts: ThreadsPost[],
  progress: (c: { offered: number; rejected: number }) => (idsJson: string) => D1PreparedStatement[],
): Promise<void> {
  const known = await knownMediaIds(
    deps.db,
    personaId,
    posts.map((p) => p.id),
  );
  const rows: ImportRow[] = [];
  let rejected = 0;
  for (const p of posts) {
    if (known.has(p.id)) continue;
    const publishedAt = p.timestamp ? Date.parse(p.timestamp.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")) : NaN;
    // Image-only posts and reposts carry no text of the persona's: nothing to learn its voice from.
    if (!p.text || textProblem(p.text) || !Number.isFinite(publishedAt)) {
      rejected++;
      continue;
    }
    const m = await deps.client.getPostInsights(p.id, token);
    rows.push({ text: p.text.trim(), publishedAt, ...m, mediaId: p.id, permalink: p.permalink });
  }
  // Known posts are offered as duplicates: the job counts offered − stored as duplicates.
  await deps.store(personaId, rows, progress({ offered: posts.length - rejected, rejected }));
}
