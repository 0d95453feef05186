// Publishes one post exactly once. The invariant: a post has at most one container that may
// still be published, and its id is in D1 *before* threads_publish is called. So every retry,
// whatever failed and wherever, starts by asking Threads about that container:
//   PUBLISHED        → the post is out; recover its media id, never publish again
//   FINISHED         → publish it (the same container, so Threads itself refuses a second post)
//   IN_PROGRESS      → check again later (container-timing.ts), then publish
//   ERROR / EXPIRED  → definitively not published: only then may another container be made.
// A chain (publish-chain.ts) applies the same invariant to each part in turn.
import { markPublished, replaceContainer, setContainer } from "../db/post-publishing.ts";
import { recoverPublishedMedia } from "./recover-media.ts";
import { publishChain } from "./publish-chain.ts";
import type { PublishOutcome } from "./outcome.ts";
import { containerExtras } from "./attachments.ts";
import { publishUnit, type PublisherDeps, type PublishJob } from "./publish-unit.ts";

export type { PublisherDeps, PublishJob, PublishPoint, PublishUnit } from "./publish-unit.ts";
export { PublishStopped } from "./publish-unit.ts";

export async function publishOnce(deps: PublisherDeps, job: PublishJob): Promise<PublishOutcome> {
  if (job.post.format === "chain") return publishChain(deps, job);
  const { db } = deps;
  const { post, account, token } = job;
  const { root } = await containerExtras(db, post);
  return publishUnit(deps, job, {
    part: 0,
    key: post.id,
    containerId: post.threadsContainerId,
    input: { text: post.text, ...root },
    setContainer: (id) => setContainer(db, post.id, id, deps.now()),
    replaceContainer: (old, fresh) => replaceContainer(db, post.id, old, fresh, deps.now()),
    recover: (claimed) =>
      recoverPublishedMedia(deps.client, {
        userId: account.threadsUserId,
        token,
        text: post.text,
        since: post.createdAt - 60_000,
        claimed,
      }),
    markPublished: (p) => markPublished(db, post.id, p, deps.now()),
  });
}
