// A thread chain goes out part by part: the root, then each reply with reply_to_id = the media id
// of the part before (https://developers.facebook.com/docs/threads/reply-management#publish-replies,
// "reply_to_id"). Each part is a unit of the exactly-once flow (publish-unit.ts) with its own
// container and media id in post_parts, so a retry after a crash anywhere resumes at the first
// part without a media id: no part twice (its container is checked first), no gap (a part is
// only started when the one before has its media id), order kept (one part at a time). A post
// deleted or unscheduled meanwhile stops before its next container or publish call.
import { getPost } from "../db/posts.ts";
import { listParts, markPartPublished, replacePartContainer, setPartContainer } from "../db/post-parts.ts";
import { markPublished } from "../db/post-publishing.ts";
import type { PostPartRow } from "../db/schema/index.ts";
import type { PublishOutcome } from "./outcome.ts";
import { containerExtras } from "./attachments.ts";
import { type PublisherDeps, type PublishJob, PublishStopped, publishUnit } from "./publish-unit.ts";
import { recoverPublishedMedia, recoverReply } from "./recover-media.ts";

export async function publishChain(deps: PublisherDeps, job: PublishJob): Promise<PublishOutcome> {
  const { db } = deps;
  const { post, account, token } = job;
  const parts = await listParts(db, post.id);
  if (parts.length < 2)
    return { kind: "failed", reason: `chain ${post.id} has ${parts.length} parts; a chain needs 2 to 10` };
  const stopped = async (): Promise<string | null> => {
    const now = await getPost(db, post.id);
    if (!now) return "the post was deleted";
    if (now.status !== "publishing") return `the post is ${now.status} now`;
    return null;
  };
  const extras = await containerExtras(db, post);
  let parent: string | null = null;
  let anyRecovered = false;
  for (const part of parts) {
    if (part.threadsMediaId) {
      parent = part.threadsMediaId;
      continue;
    }
    if (part.publishedAt !== null) return unknownMedia(part, parts.length);
    const replyTo = parent;
    if (part.seq > 0 && replyTo === null)
      throw new Error(`chain ${post.id}: part ${part.seq + 1} has no part before it`);
    const published = (p: { mediaId: string | null; permalink: string | null; publishedAt: number }) =>
      markPartPublished(db, post.id, part.seq, p);
    let outcome: PublishOutcome;
    try {
      outcome = await publishUnit(deps, job, {
        part: part.seq,
        key: part.seq === 0 ? post.id : `${post.id}#${part.seq}`,
        containerId: part.threadsContainerId,
        input:
          replyTo === null
            ? { text: part.text, ...extras.root }
            : { text: part.text, ...extras.reply, replyToId: replyTo },
        setContainer: (id) => setPartContainer(db, post.id, part.seq, id),
        replaceContainer: (old, fresh) => replacePartContainer(db, post.id, part.seq, old, fresh),
        recover: (claimed) =>
          replyTo === null
            ? recoverPublishedMedia(deps.client, {
                userId: account.threadsUserId,
                token,
                text: part.text,
                since: post.createdAt - 60_000,
                claimed,
              })
            : recoverReply(deps.client, { parentId: replyTo, token, text: part.text, claimed }),
        markPublished: published,
        stopped,
      });
    } catch (err) {
      if (!(err instanceof PublishStopped)) throw err;
      const out = parts.filter((p) => p.threadsMediaId !== null).length;
      return { kind: "skipped", reason: `stopped: ${err.message}; ${out} of ${parts.length} parts are on Threads` };
    }
    if (outcome.kind !== "published") return outcome;
    anyRecovered ||= outcome.recovered;
    if (!outcome.mediaId) return unknownMedia(part, parts.length);
    part.threadsMediaId = outcome.mediaId;
    parent = outcome.mediaId;
  }
  const [root] = await listParts(db, post.id);
  const at = deps.now();
  await markPublished(
    db,
    post.id,
    { mediaId: root?.threadsMediaId ?? null, permalink: root?.permalink ?? null, publishedAt: root?.publishedAt ?? at },
    at,
  );
  return { kind: "published", mediaId: root?.threadsMediaId ?? null, recovered: anyRecovered };
}

function unknownMedia(part: PostPartRow, total: number): PublishOutcome {
  return {
    kind: "failed",
    reason: `Part ${part.seq + 1} of ${total} is on Threads but was not found again (deleted?), so the parts after it cannot reply to it; ${part.seq + 1} of ${total} parts are published`,
  };
}
