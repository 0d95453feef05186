// Publishes one post exactly once. The invariant: a post has at most one container that may
// still be published, and its id is in D1 *before* threads_publish is called. So every retry,
// whatever failed and wherever, starts by asking Threads about that container:
//   PUBLISHED        → the post is out; recover its media id, never publish again
//   FINISHED         → publish it (the same container, so Threads itself refuses a second post)
//   IN_PROGRESS      → check again later (container-timing.ts), then publish
//   ERROR / EXPIRED  → definitively not published: only then may another container be made.
import type { Db } from "../db/client.ts";
import { markPublished, replaceContainer, setContainer } from "../db/post-publishing.ts";
import type { PostRow, ThreadsAccountRow } from "../db/schema/index.ts";
import { PersonaGone, type StopCheck } from "../lifecycle/guard.ts";
import { ThreadsApiError } from "../providers/threads/index.ts";
import type { ThreadsClient } from "../providers/threads/index.ts";
import { META_CONTAINER_TIMING, nextCheckDelay, type ContainerTiming } from "./container-timing.ts";
import { ensureQuota } from "./quota-check.ts";
import type { QuotaLedger } from "./quota-ledger.ts";
import { notReadyError, recoverPublishedMedia } from "./recover-media.ts";
import type { PublishOutcome } from "./outcome.ts";

/** Points of the flow where a test can make the publisher "crash" (throw) to prove recovery. */
export type PublishPoint =
  | "start"
  | "container_created"
  | "container_stored"
  | "ready"
  | "published"
  | "ledger_recorded";

export interface PublisherDeps {
  db: Db;
  client: ThreadsClient;
  ledger: QuotaLedger;
  now: () => number;
  /** When to check a container again (container-timing.ts); Meta's guidance by default. */
  timing?: ContainerTiming;
  sleep?: (ms: number) => Promise<void>;
  checkpoint?: (point: PublishPoint) => void | Promise<void>;
  /** Says when the persona was deleted mid-flight: checked before each call that creates or publishes. */
  stop?: StopCheck;
}

export interface PublishJob {
  post: PostRow;
  account: ThreadsAccountRow;
  token: string;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function stopIfGone(deps: PublisherDeps): void {
  const why = deps.stop?.();
  if (why) throw new PersonaGone(why);
}

export async function publishOnce(deps: PublisherDeps, job: PublishJob): Promise<PublishOutcome> {
  const { db, client, ledger } = deps;
  const { post, account, token } = job;
  const userId = account.threadsUserId;
  const timing = deps.timing ?? META_CONTAINER_TIMING;
  const hit = async (p: PublishPoint) => deps.checkpoint?.(p);
  await hit("start");

  let containerId = post.threadsContainerId;
  let status: string | null = null;
  if (containerId) {
    const st = await client.getContainerStatus(containerId, token);
    ledger.containerChecked(post.id, containerId, deps.now());
    if (st.status === "PUBLISHED") return recovered(deps, job);
    if (st.status === "ERROR") {
      // Never publishable; drop it so a user retry starts from a fresh container.
      await replaceContainer(db, post.id, containerId, null, deps.now());
      throw new ThreadsApiError({
        kind: "permanent",
        operation: "getContainerStatus",
        message: `Threads could not process the post (${st.errorMessage ?? "container ERROR"})`,
      });
    }
    if (st.status === "EXPIRED") {
      await ensureQuota(client, ledger, userId, token, deps.now());
      stopIfGone(deps);
      const fresh = await client.createContainer(userId, token, { text: post.text });
      if (!(await replaceContainer(db, post.id, containerId, fresh, deps.now())))
        throw new Error("container changed while replacing it; retrying");
      containerId = fresh;
      ledger.container(post.id, fresh, deps.now());
    } else {
      await ensureQuota(client, ledger, userId, token, deps.now());
      status = st.status;
    }
  } else {
    await ensureQuota(client, ledger, userId, token, deps.now());
    stopIfGone(deps);
    const created = await client.createContainer(userId, token, { text: post.text });
    await hit("container_created");
    if (!(await setContainer(db, post.id, created, deps.now())))
      throw new Error("another container was stored for this post; retrying with it");
    containerId = created;
    ledger.container(post.id, created, deps.now());
    await hit("container_stored");
  }

  // Until the container is FINISHED: sleep a short wait here, hand a long one back as `waiting`
  // (the consumer re-sends the message with that delay), and give up after timing.maxWaitMs.
  while (status !== "FINISHED") {
    const seen = ledger.container(post.id, containerId, deps.now());
    const delay = nextCheckDelay(timing, seen.createdAt, deps.now(), seen.checks > 0);
    if (delay === null) {
      return {
        kind: "failed",
        reason: `Threads container ${containerId} was still ${status ?? "IN_PROGRESS"} ${Math.round(timing.maxWaitMs / 1000)} s after it was created; retry with POST /v1/posts/${post.id}/publish (the same container is checked first)`,
      };
    }
    if (delay > timing.inlineMaxMs) {
      return {
        kind: "waiting",
        delaySeconds: Math.ceil(delay / 1000),
        reason: `waiting for Threads to process container ${containerId}; next status check in ${Math.ceil(delay / 1000)} s`,
      };
    }
    await (deps.sleep ?? defaultSleep)(delay);
    const st = await client.getContainerStatus(containerId, token);
    ledger.containerChecked(post.id, containerId, deps.now());
    if (st.status === "PUBLISHED") return recovered(deps, job);
    // The next attempt's status check handles both (a fresh container only after EXPIRED).
    if (st.status === "ERROR" || st.status === "EXPIRED") throw notReadyError(containerId, "not publishable");
    status = st.status;
  }
  await hit("ready");

  stopIfGone(deps);
  let mediaId: string;
  try {
    mediaId = await client.publish(userId, token, containerId);
  } catch (err) {
    // Refused outright? Maybe because it is already out (an earlier lost response): ask first.
    // Then maybe because the 250-posts quota is used up: Threads documents no error code for
    // that, so ask threads_publishing_limit and defer rather than fail (ensureQuota throws).
    if (err instanceof ThreadsApiError && err.kind === "permanent") {
      const st = await client.getContainerStatus(containerId, token).catch(() => null);
      if (st?.status === "PUBLISHED") return recovered(deps, job);
      await ensureQuota(client, ledger, userId, token, deps.now());
    }
    throw err;
  }
  const at = deps.now();
  await hit("published");
  ledger.record(mediaId, post.id, at);
  await hit("ledger_recorded");
  const permalink = await client.getPost(mediaId, token, ["id", "permalink"]).then(
    (p) => p.permalink ?? null,
    () => null,
  );
  await markPublished(db, post.id, { mediaId, permalink, publishedAt: at }, at);
  return { kind: "published", mediaId, recovered: false };
}

async function recovered(deps: PublisherDeps, job: PublishJob): Promise<PublishOutcome> {
  const { post, account, token } = job;
  const found = await recoverPublishedMedia(deps.client, {
    userId: account.threadsUserId,
    token,
    text: post.text,
    since: post.createdAt - 60_000,
    claimed: deps.ledger.mediaIdsOfOtherPosts(post.id),
  });
  const at = deps.now();
  if (found.mediaId) deps.ledger.record(found.mediaId, post.id, at);
  await markPublished(
    deps.db,
    post.id,
    {
      mediaId: found.mediaId,
      permalink: found.permalink,
      publishedAt: at,
      note: found.mediaId
        ? undefined
        : "Published on Threads, but the post was not found among the account's recent posts (deleted?), so its media id is unknown",
    },
    at,
  );
  return { kind: "published", mediaId: found.mediaId, recovered: true };
}
