// One publish attempt for one post, as the persona's Durable Object runs it: decide whether
// the post may go out at all (status, account, limits), run the exactly-once flow, and record
// the outcome. Returns the outcome so the queue consumer can ack or retry.
import { claimForPublish } from "../db/post-publishing.ts";
import { getPersona } from "../db/personas.ts";
import { getPost } from "../db/posts.ts";
import { listParts } from "../db/post-parts.ts";
import { MAX_CHAIN_PARTS, MIN_CHAIN_PARTS } from "../text/chain.ts";
import type { PostRow } from "../db/schema/index.ts";
import { getAccount } from "../db/threads-accounts.ts";
import { PersonaGone } from "../lifecycle/guard.ts";
import { checkPostLimits } from "../providers/threads/index.ts";
import { accountToken } from "./accounts.ts";
import { applyOutcome, decideFailure } from "./outcome.ts";
import type { PostRef, PublishOutcome } from "./outcome.ts";
import { publishOnce } from "./publisher.ts";
import type { PublisherDeps } from "./publisher.ts";

/** A scheduled post this close to its time may go out (cron ticks are a minute apart). */
const DUE_TOLERANCE_MS = 60_000;

export async function publishPost(
  deps: PublisherDeps & { env: Env },
  postId: string,
  attempt: number,
): Promise<PublishOutcome> {
  const { db } = deps;
  const post = await getPost(db, postId);
  if (!post) return { kind: "skipped", reason: `post ${postId} not found` };
  const ref: PostRef = { postId, personaId: post.personaId, scheduledAt: post.scheduledAt };
  const gate = await admit(deps, post);
  if (gate) {
    if (gate.kind !== "skipped") await applyOutcome(db, ref, gate, attempt, deps.now());
    return gate;
  }
  const account = await getAccount(db, post.personaId);
  let outcome: PublishOutcome;
  if (!account) {
    outcome = {
      kind: "failed",
      reason: `No Threads account is linked to persona '${post.personaId}'. Link one (PUT /v1/personas/${post.personaId}/threads-account, or GET …/threads-account/connect), then retry with POST /v1/posts/${postId}/publish.`,
    };
  } else if (account.status === "needs_reauth") {
    outcome = {
      kind: "held",
      reason: `Waiting for the Threads account to be reconnected: ${account.statusReason ?? "its token was rejected"}`,
    };
  } else if (deps.ledger.pausedUntil(deps.now()) !== null) {
    const until = deps.ledger.pausedUntil(deps.now()) ?? deps.now();
    outcome = {
      kind: "deferred",
      until,
      reason: `Threads rate limited this account; the persona makes no calls until ${new Date(until).toISOString()}`,
    };
  } else {
    try {
      const token = await accountToken(deps.env, account);
      outcome = await publishOnce(deps, { post: (await getPost(db, postId)) ?? post, account, token });
    } catch (err) {
      // The persona was deleted mid-flight: its rows and ledger are gone, so record nothing.
      if (err instanceof PersonaGone) return { kind: "skipped", reason: err.message };
      outcome = decideFailure(err, ref, deps.now());
      if (outcome.kind === "deferred" && outcome.throttled) deps.ledger.pauseUntil(outcome.until);
    }
  }
  deps.ledger.countAttempt(postId, outcome.kind, deps.now());
  await applyOutcome(db, ref, outcome, attempt, deps.now());
  return outcome;
}

/** Why this post must not be attempted now, or null to go ahead (it is then `publishing`). */
async function admit(deps: PublisherDeps, post: PostRow): Promise<PublishOutcome | null> {
  const now = deps.now();
  if (post.status === "published") return { kind: "skipped", reason: "already published" };
  if (post.status === "draft" || post.status === "failed") return { kind: "skipped", reason: `post is ${post.status}` };
  if (!(await getPersona(deps.db, post.personaId))) {
    return { kind: "failed", reason: `Not published: persona '${post.personaId}' no longer exists.` };
  }
  if (post.status === "scheduled") {
    // A message for a post moved later (deferred, or rescheduled by the user) is stale.
    if (post.scheduledAt === null || post.scheduledAt > now + DUE_TOLERANCE_MS)
      return { kind: "skipped", reason: "not due" };
    if (!(await claimForPublish(deps.db, post.id, now))) return { kind: "skipped", reason: "claimed elsewhere" };
  }
  // A chain: every part within the limits, 2–10 of them.
  const texts = post.format === "chain" ? (await listParts(deps.db, post.id)).map((p) => p.text) : [post.text];
  if (post.format === "chain" && (texts.length < MIN_CHAIN_PARTS || texts.length > MAX_CHAIN_PARTS)) {
    return { kind: "failed", reason: `A chain has 2 to 10 parts; this one has ${texts.length}.` };
  }
  for (const [i, text] of texts.entries()) {
    const violations = checkPostLimits(text);
    if (violations.length > 0) {
      return {
        kind: "failed",
        reason: `${texts.length > 1 ? `Part ${i + 1}: ` : ""}${violations.map((v) => v.message).join("; ")}. Threads would refuse it; edit or regenerate the post.`,
      };
    }
  }
  return null;
}
