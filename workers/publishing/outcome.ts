// Every way a publish attempt can end, decided in one place (decideFailure) and written in one
// place (applyOutcome), so the user-facing reasons stay consistent and a metrics counter can
// be added at a single call site.
import type { Db } from "../db/client.ts";
import { deferPost, markFailed, touchPost } from "../db/post-publishing.ts";
import { markNeedsReauth } from "../db/threads-accounts.ts";
import { AppError } from "../errors.ts";
import { ThreadsApiError } from "../providers/threads/index.ts";
import { tokenUnusableReason } from "./accounts.ts";
import { logError, logEvent } from "../log.ts";

export type PublishOutcome =
  | { kind: "published"; mediaId: string | null; recovered: boolean }
  /** Nothing to do: already published, unscheduled, not due, or gone. */
  | { kind: "skipped"; reason: string }
  /** Try again from the queue; `delaySeconds` when Threads said how long to wait. */
  | { kind: "retry"; reason: string; delaySeconds?: number }
  /** Not a failure: the container is being processed; look again after `delaySeconds` (a new message). */
  | { kind: "waiting"; reason: string; delaySeconds: number }
  /** Back to `scheduled` at `until` (quota full, or throttled): the cron sends it again then. */
  | { kind: "deferred"; reason: string; until: number; throttled?: boolean }
  /** The account needs reconnecting: the post waits as `scheduled`, no API call was made. */
  | { kind: "held"; reason: string }
  | { kind: "failed"; reason: string; accountProblem?: boolean };

export interface PostRef {
  postId: string;
  personaId: string;
  scheduledAt: number | null;
}

/** Publishing quota is full: by our ledger or by Threads' own count. */
export class QuotaDeferral extends Error {
  constructor(
    readonly until: number,
    message: string,
  ) {
    super(message);
    this.name = "QuotaDeferral";
  }
}

const reconnectHint = (p: PostRef) =>
  `Reconnect the account (GET /v1/personas/${p.personaId}/threads-account/connect, or PUT /v1/personas/${p.personaId}/threads-account), then retry with POST /v1/posts/${p.postId}/publish.`;

export function decideFailure(err: unknown, p: PostRef, now: number): PublishOutcome {
  if (err instanceof QuotaDeferral) return { kind: "deferred", until: err.until, reason: err.message };
  const crypto = tokenUnusableReason(err);
  if (crypto) return { kind: "failed", accountProblem: true, reason: `${crypto}. ${reconnectHint(p)}` };
  if (err instanceof AppError) return { kind: "failed", reason: err.message };
  if (!(err instanceof ThreadsApiError))
    return { kind: "retry", reason: err instanceof Error ? err.message : String(err) };
  switch (err.kind) {
    case "auth":
      return {
        kind: "failed",
        accountProblem: true,
        reason: `Threads rejected the access token (code ${err.code ?? 190}${err.subcode ? `/${err.subcode}` : ""}): ${err.message}. ${reconnectHint(p)}`,
      };
    case "throttled": {
      // Threads counts calls per app-and-user over a rolling 24 h: retrying from the queue would
      // only burn attempts. Defer the post (the persona pauses too, see publish-post.ts).
      const until = now + (err.retryAfterMs ?? 60_000);
      return {
        kind: "deferred",
        until,
        throttled: true,
        reason: `Threads is rate limiting this account (code ${err.code ?? err.httpStatus}); will try again at ${new Date(until).toISOString()}`,
      };
    }
    case "transient":
      return { kind: "retry", reason: err.message };
    case "permanent":
      return { kind: "failed", reason: `Threads refused the post: ${err.message}` };
  }
}

/** Writes the outcome onto the post (and the account), and logs it: the one place to count them. */
export async function applyOutcome(db: Db, p: PostRef, o: PublishOutcome, attempt: number, now: number): Promise<void> {
  switch (o.kind) {
    case "retry":
      await touchPost(db, p.postId, now, `attempt ${attempt} failed, retrying: ${o.reason}`);
      break;
    case "waiting":
      // Touched, so the stale-publishing requeue sees the post is being worked on.
      await touchPost(db, p.postId, now, o.reason);
      break;
    case "deferred":
      await deferPost(db, p.postId, o.until, o.reason, now);
      break;
    case "held":
      await deferPost(db, p.postId, p.scheduledAt ?? now, o.reason, now);
      break;
    case "failed":
      await markFailed(db, p.postId, o.reason, now);
      if (o.accountProblem && (await markNeedsReauth(db, p.personaId, o.reason, now))) {
        // Issue 6's alerting reads listAccountsNeedingReauth(db); this line is the event.
        logError("threads.account_needs_reauth", { persona_id: p.personaId, post_id: p.postId });
      }
      break;
    case "published":
    case "skipped":
      break;
  }
  const reason = "reason" in o ? o.reason.slice(0, 300) : undefined;
  logEvent("publish.outcome", { outcome: o.kind, post_id: p.postId, persona_id: p.personaId, attempt, reason });
}
