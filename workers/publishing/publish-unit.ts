// The exactly-once flow for one Threads post (publisher.ts explains the invariant): a single
// post, or one part of a chain (publish-chain.ts). What differs between the two, where the ids
// are stored and how a lost publish is found again, is the unit's.
import { PersonaGone, type StopCheck } from "../lifecycle/guard.ts";
import { ThreadsApiError } from "../providers/threads/index.ts";
import type { CreateContainerInput, ThreadsClient } from "../providers/threads/index.ts";
import type { Db } from "../db/client.ts";
import type { PostRow, ThreadsAccountRow } from "../db/schema/index.ts";
import { META_CONTAINER_TIMING, nextCheckDelay, type ContainerTiming } from "./container-timing.ts";
import type { PublishOutcome } from "./outcome.ts";
import { ensureQuota } from "./quota-check.ts";
import type { QuotaLedger } from "./quota-ledger.ts";
import { notReadyError, type Recovered } from "./recover-media.ts";

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
  /** `part`: the chain part being published (0 for a single post). */
  checkpoint?: (point: PublishPoint, part: number) => void | Promise<void>;
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

/**
 * One Threads post to get out exactly once: a single post, or one part of a chain. Where its
 * container id and media id are stored, and how it is found again, are the unit's.
 */
export interface PublishUnit {
  /** The chain part (0: a single post or a chain's root), for checkpoints and messages. */
  part: number;
  /** Key of its container timing in the ledger: the post id, or `<post id>#<part>` after the root. */
  key: string;
  containerId: string | null;
  input: CreateContainerInput;
  setContainer(containerId: string): Promise<boolean>;
  replaceContainer(oldId: string, newId: string | null): Promise<boolean>;
  /** Finds the post when its container says PUBLISHED but the media id was lost. */
  recover(claimed: Set<string>): Promise<Recovered>;
  markPublished(p: {
    mediaId: string | null;
    permalink: string | null;
    publishedAt: number;
    note?: string;
  }): Promise<void>;
  /** Why the unit must not go out any more (the post was deleted or unscheduled), checked before each create and publish. */
  stopped?: () => Promise<string | null>;
}

export class PublishStopped extends Error {
  override readonly name = "PublishStopped";
}

async function stopIfUnwanted(deps: PublisherDeps, unit: PublishUnit): Promise<void> {
  stopIfGone(deps);
  const why = await unit.stopped?.();
  if (why) throw new PublishStopped(why);
}

/** The exactly-once flow for one unit (see the top of this file). */
export async function publishUnit(deps: PublisherDeps, job: PublishJob, unit: PublishUnit): Promise<PublishOutcome> {
  const { client, ledger } = deps;
  const { post, account, token } = job;
  const userId = account.threadsUserId;
  const timing = deps.timing ?? META_CONTAINER_TIMING;
  const hit = async (p: PublishPoint) => deps.checkpoint?.(p, unit.part);
  await hit("start");

  let containerId = unit.containerId;
  let status: string | null = null;
  if (containerId) {
    const st = await client.getContainerStatus(containerId, token);
    ledger.containerChecked(unit.key, containerId, deps.now());
    if (st.status === "PUBLISHED") return recovered(deps, unit);
    if (st.status === "ERROR") {
      // Never publishable; drop it so a user retry starts from a fresh container.
      await unit.replaceContainer(containerId, null);
      throw new ThreadsApiError({
        kind: "permanent",
        operation: "getContainerStatus",
        message: `Threads could not process the post${unit.part > 0 ? ` (part ${unit.part + 1})` : ""} (${st.errorMessage ?? "container ERROR"})`,
      });
    }
    if (st.status === "EXPIRED") {
      await ensureQuota(client, ledger, userId, token, deps.now());
      await stopIfUnwanted(deps, unit);
      const fresh = await client.createContainer(userId, token, unit.input);
      if (!(await unit.replaceContainer(containerId, fresh)))
        throw new Error("container changed while replacing it; retrying");
      containerId = fresh;
      ledger.container(unit.key, fresh, deps.now());
    } else {
      await ensureQuota(client, ledger, userId, token, deps.now());
      status = st.status;
    }
  } else {
    await ensureQuota(client, ledger, userId, token, deps.now());
    await stopIfUnwanted(deps, unit);
    const created = await client.createContainer(userId, token, unit.input);
    await hit("container_created");
    if (!(await unit.setContainer(created)))
      throw new Error("another container was stored for this post; retrying with it");
    containerId = created;
    ledger.container(unit.key, created, deps.now());
    await hit("container_stored");
  }

  // Until the container is FINISHED: sleep a short wait here, hand a long one back as `waiting`
  // (the consumer re-sends the message with that delay), and give up after timing.maxWaitMs.
  while (status !== "FINISHED") {
    const seen = ledger.container(unit.key, containerId, deps.now());
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
        reason: `waiting for Threads to process container ${containerId}${unit.part > 0 ? ` (part ${unit.part + 1})` : ""}; next status check in ${Math.ceil(delay / 1000)} s`,
      };
    }
    await (deps.sleep ?? defaultSleep)(delay);
    const st = await client.getContainerStatus(containerId, token);
    ledger.containerChecked(unit.key, containerId, deps.now());
    if (st.status === "PUBLISHED") return recovered(deps, unit);
    // The next attempt's status check handles both (a fresh container only after EXPIRED).
    if (st.status === "ERROR" || st.status === "EXPIRED") throw notReadyError(containerId, "not publishable");
    status = st.status;
  }
  await hit("ready");

  await stopIfUnwanted(deps, unit);
  let mediaId: string;
  try {
    mediaId = await client.publish(userId, token, containerId);
  } catch (err) {
    // Refused outright? Maybe because it is already out (an earlier lost response): ask first.
    // Then maybe because the 250-posts quota is used up: Threads documents no error code for
    // that, so ask threads_publishing_limit and defer rather than fail (ensureQuota throws).
    if (err instanceof ThreadsApiError && err.kind === "permanent") {
      const st = await client.getContainerStatus(containerId, token).catch(() => null);
      if (st?.status === "PUBLISHED") return recovered(deps, unit);
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
  await unit.markPublished({ mediaId, permalink, publishedAt: at });
  return { kind: "published", mediaId, recovered: false };
}

async function recovered(deps: PublisherDeps, unit: PublishUnit): Promise<PublishOutcome> {
  const postId = unit.key.split("#")[0] ?? unit.key;
  const found = await unit.recover(deps.ledger.mediaIdsOfOtherPosts(postId));
  const at = deps.now();
  if (found.mediaId) deps.ledger.record(found.mediaId, postId, at);
  await unit.markPublished({
    mediaId: found.mediaId,
    permalink: found.permalink,
    publishedAt: at,
    note: found.mediaId
      ? undefined
      : "Published on Threads, but the post was not found among the account's recent posts (deleted?), so its media id is unknown",
  });
  return { kind: "published", mediaId: found.mediaId, recovered: true };
}
