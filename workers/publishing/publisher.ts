// Publishes one post exactly once. The invariant: a post has at most one container that may
// still be published, and its id is in D1 *before* threads_publish is called. So every retry,
// whatever failed and wherever, starts by asking Threads about that container:
//   PUBLISHED        → the post is out; recover its media id, never publish again
//   FINISHED         → publish it (the same container, so Threads itself refuses a second post)
//   IN_PROGRESS      → wait for it, then publish
//   ERROR / EXPIRED  → definitively not published: only then may another container be made.
import type { Db } from "../db/client.ts";
import { markPublished, replaceContainer, setContainer } from "../db/post-publishing.ts";
import type { PostRow, ThreadsAccountRow } from "../db/schema/index.ts";
import { PersonaGone, type StopCheck } from "../lifecycle/guard.ts";
import { ThreadsApiError } from "../providers/threads/index.ts";
import type { ThreadsClient, WaitOptions } from "../providers/threads/index.ts";
import { ensureQuota } from "./quota-check.ts";
import type { QuotaLedger } from "./quota-ledger.ts";
import { notReadyError, recoverPublishedMedia } from "./recover-media.ts";
import type { PublishOutcome } from "./outcome.ts";

/** Points of the flow where a test can make the publisher "crash" (throw) to prove recovery. */
export type PublishPoint = "start" | "container_created" | "container_stored" | "ready" | "published" | "ledger_recorded";

export interface PublisherDeps {
  db: Db;
  client: ThreadsClient;
  ledger: QuotaLedger;
  now: () => number;
  wait?: WaitOptions;
  checkpoint?: (point: PublishPoint) => void | Promise<void>;
  /** Says when the persona was deleted mid-flight: checked before each call that creates or publishes. */
  stop?: StopCheck;
}

export interface PublishJob {
  post: PostRow;
  account: ThreadsAccountRow;
  token: string;
}

const DEFAULT_WAIT: WaitOptions = { initialDelayMs: 500, maxDelayMs: 5_000, maxWaitMs: 60_000 };

function stopIfGone(deps: PublisherDeps): void {
  const why = deps.stop?.();
  if (why) throw new PersonaGone(why);
}

export async function publishOnce(deps: PublisherDeps, job: PublishJob): Promise<PublishOutcome> {
  const { db, client, ledger } = deps;
  const { post, account, token } = job;
  const userId = account.threadsUserId;
  const hit = async (p: PublishPoint) => deps.checkpoint?.(p);
  await hit("start");

  let containerId = post.threadsContainerId;
  if (containerId) {
    const st = await client.getContainerStatus(containerId, token);
    if (st.status === "PUBLISHED") return recovered(deps, job);
    if (st.status === "ERROR") {
      // Never publishable; drop it so a user retry starts from a fresh container.
      await replaceContainer(db, post.id, containerId, null, deps.now());
      throw new ThreadsApiError({ kind: "permanent", operation: "getContainerStatus", message: `Threads could not process the post (${st.errorMessage ?? "container ERROR"})` });
    }
    if (st.status === "EXPIRED") {
      await ensureQuota(client, ledger, userId, token, deps.now());
      stopIfGone(deps);
      const fresh = await client.createContainer(userId, token, { text: post.text });
      if (!(await replaceContainer(db, post.id, containerId, fresh, deps.now()))) throw new Error("container changed while replacing it; retrying");
      containerId = fresh;
    } else {
      await ensureQuota(client, ledger, userId, token, deps.now());
    }
  } else {
    await ensureQuota(client, ledger, userId, token, deps.now());
    stopIfGone(deps);
    const created = await client.createContainer(userId, token, { text: post.text });
    await hit("container_created");
    if (!(await setContainer(db, post.id, created, deps.now()))) throw new Error("another container was stored for this post; retrying with it");
    containerId = created;
    await hit("container_stored");
  }

  const ready = await client.waitUntilFinished(containerId, token, deps.wait ?? DEFAULT_WAIT).catch((err: unknown) => {
    // waitUntilFinished reports ERROR/EXPIRED as permanent; the next attempt's status check handles both.
    if (err instanceof ThreadsApiError && err.kind === "permanent") throw notReadyError(containerId ?? "", "not publishable");
    throw err;
  });
  if (ready.status === "PUBLISHED") return recovered(deps, job);
  await hit("ready");

  stopIfGone(deps);
  let mediaId: string;
  try {
    mediaId = await client.publish(userId, token, containerId);
  } catch (err) {
    // Refused outright? Maybe because it is already out (an earlier lost response): ask first.
    if (err instanceof ThreadsApiError && err.kind === "permanent") {
      const st = await client.getContainerStatus(containerId, token).catch(() => null);
      if (st?.status === "PUBLISHED") return recovered(deps, job);
    }
    throw err;
  }
  const at = deps.now();
  await hit("published");
  ledger.record(mediaId, post.id, at);
  await hit("ledger_recorded");
  const permalink = await client.getPost(mediaId, token, ["id", "permalink"]).then((p) => p.permalink ?? null, () => null);
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
  await markPublished(deps.db, post.id, {
    mediaId: found.mediaId,
    permalink: found.permalink,
    publishedAt: at,
    note: found.mediaId ? undefined : "Published on Threads, but the post was not found among the account's recent posts (deleted?), so its media id is unknown",
  }, at);
  return { kind: "published", mediaId: found.mediaId, recovered: true };
}
