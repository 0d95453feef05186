// A container says PUBLISHED but we never got the media id (the publish response was lost).
// Graph has no container → media lookup, so find the post among the account's recent posts
// by its text, skipping media ids the ledger already gave to other posts. "Its text" allows for
// what Threads does to it: the first #tag can become the post's topic tag, and the text comes
// back without that '#' (so '#' before a word is ignored when comparing).
import { ThreadsApiError } from "../providers/threads/index.ts";
import type { ThreadsClient, ThreadsPost } from "../providers/threads/index.ts";

const PAGES = 4;
const PAGE_SIZE = 25;

export interface Recovered {
  mediaId: string | null;
  permalink: string | null;
}

/**
 * The newest matching post. `mediaId: null` when the listing worked but holds no match (the
 * post was deleted on Threads, or is older than the pages read): it is published all the same.
 * A failed listing throws, so the caller retries rather than guessing.
 */
export async function recoverPublishedMedia(
  client: ThreadsClient,
  args: { userId: string; token: string; text: string; since: number; claimed: Set<string> },
): Promise<Recovered> {
  let after: string | undefined;
  const want = comparable(args.text);
  for (let page = 0; page < PAGES; page++) {
    const res = await client.listPosts(args.userId, args.token, {
      limit: PAGE_SIZE,
      after,
      since: Math.floor(args.since / 1000),
    });
    const hit = res.posts.find(
      (p: ThreadsPost) => p.id !== "" && comparable(p.text ?? "") === want && !args.claimed.has(p.id),
    );
    if (hit) return { mediaId: hit.id, permalink: hit.permalink ?? null };
    if (!res.nextCursor) break;
    after = res.nextCursor;
  }
  return { mediaId: null, permalink: null };
}

/** Text as compared for recovery: no '#' before a word, whitespace collapsed. */
export function comparable(text: string): string {
  return text
    .replace(/#(?=[\p{L}\p{N}_])/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function isDefinitelyUnpublished(status: string): boolean {
  return status === "ERROR" || status === "EXPIRED";
}

export const notReadyError = (containerId: string, status: string) =>
  new ThreadsApiError({
    kind: "transient",
    operation: "publish",
    message: `Threads container ${containerId} is still ${status}`,
  });

/** A chain part published as a reply whose media id was lost: found among the parent's replies by its text. */
export async function recoverReply(
  client: ThreadsClient,
  args: { parentId: string; token: string; text: string; claimed: Set<string> },
): Promise<Recovered> {
  const want = comparable(args.text);
  // The parent's top-level replies, newest first: a lost part is among the latest.
  const { replies } = await client.listReplies(args.parentId, args.token, { depth: "top", limit: 100 });
  const hit = replies.find((p) => p.id !== "" && comparable(p.text ?? "") === want && !args.claimed.has(p.id));
  return hit ? { mediaId: hit.id, permalink: hit.permalink ?? null } : { mediaId: null, permalink: null };
}
