// Publishing endpoints: create a container, publish it, read the 24 h publishing quota.
import type { Hono } from "hono";
import { countPostChars, MAX_POST_CHARS, MAX_POST_LINKS, uniqueLinks } from "../providers/threads/limits.ts";
import { authenticate, guarded, ownsPath, pick } from "./context.ts";
import type { FakeContext, FakeEnv, Viewer } from "./context.ts";
import { E, graphErrorResponse } from "./graph-errors.ts";
import { randomDigits, randomShortcode } from "./prng.ts";
import { containerStatus } from "./status.ts";
import type { FakeAttachments } from "./schema.ts";
import { countMediaSince, ensureUser, getContainer, getMedia, insertContainer, insertMedia } from "./store.ts";
import type { MediaRow } from "./store.ts";
import { simulateReplies } from "./audience-replies.ts";
import { getReply, insertReplies, linkReplyContainer, replyTargetOf } from "./store-replies.ts";
import type { ReplyRow } from "./store-replies.ts";
import { deliverWebhooks } from "./webhooks.ts";

const REPLY_CONTROLS = [
  "everyone",
  "accounts_you_follow",
  "mentioned_only",
  "parent_post_author_only",
  "followers_only",
];
const DAY_MS = 86_400_000;
const REPLY_QUOTA = 1000;

export function registerPublishing(app: Hono<FakeEnv>): void {
  app.post("/v1.0/:userId/threads", (c) => withViewer(c, "container", (v) => createContainer(c, v)));
  app.post("/v1.0/:userId/threads_publish", (c) => withViewer(c, "publish", (v) => publish(c, v)));
  app.get("/v1.0/:userId/threads_publishing_limit", (c) =>
    withViewer(c, "limit", async (v) => {
      const { db, now, opts } = c.var.fake;
      const used = await countMediaSince(db, v.userId, now - DAY_MS);
      const replies = await countMediaSince(db, v.userId, now - DAY_MS, true);
      const all = {
        quota_usage: used,
        config: { quota_total: opts.quotaTotal, quota_duration: 86_400 },
        reply_quota_usage: replies,
        reply_config: { quota_total: REPLY_QUOTA, quota_duration: 86_400 },
      };
      return c.json({ data: [pick(all, c.req.query("fields"), ["quota_usage", "config"])] });
    }),
  );
}

/** Authenticates, checks the path's user id, then runs the handler under forced faults. */
export async function withViewer(
  c: FakeContext,
  op: string,
  handler: (v: Viewer) => Promise<Response>,
): Promise<Response> {
  const viewer = await authenticate(c);
  if (viewer instanceof Response) return viewer;
  const pathId = c.req.param("userId");
  if (pathId !== undefined && !ownsPath(viewer, pathId)) return graphErrorResponse(c, E.noObject(pathId));
  return guarded(c, op, () => handler(viewer));
}

async function createContainer(c: FakeContext, viewer: Viewer): Promise<Response> {
  const { db, now, params } = c.var.fake;
  const mediaType = params["media_type"];
  const text = params["text"];
  const imageUrl = params["image_url"];
  if (!mediaType) return graphErrorResponse(c, E.missingParam("media_type"));
  if (mediaType !== "TEXT" && mediaType !== "IMAGE") {
    return graphErrorResponse(c, E.invalidParam(`media_type ${mediaType} is not supported by the fake (TEXT, IMAGE)`));
  }
  if (mediaType === "TEXT" && !text) return graphErrorResponse(c, E.missingParam("text"));
  if (mediaType === "IMAGE" && !/^https?:\/\//.test(imageUrl ?? "")) {
    return graphErrorResponse(c, E.invalidParam("image_url must be a public http(s) URL"));
  }
  // As on Threads: emoji count their UTF-8 bytes toward 500, and only unique URLs count toward 5
  // (https://developers.facebook.com/documentation/threads/posts, …/create-posts/text-attachments).
  if (text && countPostChars(text) > MAX_POST_CHARS) {
    return graphErrorResponse(
      c,
      E.invalidParam(`text must be at most ${MAX_POST_CHARS} characters long (emojis count as their UTF-8 bytes)`),
    );
  }
  if (text && uniqueLinks(text).length > MAX_POST_LINKS) return graphErrorResponse(c, E.linkLimit(MAX_POST_LINKS));
  const replyControl = params["reply_control"];
  if (replyControl && !REPLY_CONTROLS.includes(replyControl)) {
    return graphErrorResponse(c, E.invalidParam(`reply_control must be one of ${REPLY_CONTROLS.join(", ")}`));
  }
  // reply_to_id: "Identifier of a Threads post being replied to" — a published post, or Graph
  // answers that the object does not exist (https://developers.facebook.com/docs/threads/reply-management#publish-replies).
  const attachments = await readAttachments(c, mediaType, text ?? "");
  if (attachments instanceof Response) return attachments;
  const topicTag = params["topic_tag"];
  if (topicTag !== undefined && !/^[^.&]{1,50}$/.test(topicTag)) {
    return graphErrorResponse(c, E.invalidParam("topic_tag must be 1-50 characters without '.' or '&'"));
  }
  // reply_to_id: "Identifier of a Threads post being replied to" — a published post or a reply to
  // one, or Graph answers that the object does not exist
  // (https://developers.facebook.com/docs/threads/reply-management#publish-replies).
  const replyToId = params["reply_to_id"];
  if (replyToId !== undefined && !(await getMedia(db, replyToId)) && !(await getReply(db, replyToId))) {
    return graphErrorResponse(c, E.noObject(replyToId));
  }
  // Without topic_tag, Threads turns the first #tag of the text into the topic tag, and the post's
  // text comes back without that '#'.
  const inline = topicTag === undefined && text ? /#([\p{L}\p{N}_]{1,50})/u.exec(text) : null;
  const storedText = inline && text ? text.slice(0, inline.index) + text.slice(inline.index + 1) : text;
  await ensureUser(db, viewer.userId, viewer.username, now);
  const id = `1790${randomDigits(14)}`;
  await insertContainer(db, {
    id,
    userId: viewer.userId,
    mediaType,
    text: storedText ?? null,
    imageUrl: imageUrl ?? null,
    replyControl: replyControl ?? null,
    topicTag: topicTag ?? inline?.[1] ?? null,
    replyToId: replyToId ?? null,
    attachments,
    createdAt: now,
    errorMessage: null,
    publishedMediaId: null,
  });
  if (replyToId !== undefined) await linkReplyContainer(db, id, replyToId);
  return c.json({ id });
}

async function publish(c: FakeContext, viewer: Viewer): Promise<Response> {
  const { db, now, opts, params } = c.var.fake;
  const creationId = params["creation_id"];
  if (!creationId) return graphErrorResponse(c, E.missingParam("creation_id"));
  const container = await getContainer(db, creationId);
  if (!container || container.userId !== viewer.userId) return graphErrorResponse(c, E.mediaNotFound(creationId));
  const status = containerStatus(container, now, opts.processingMs);
  // Publishing before processing is done is the real-world 24/4279009 race.
  if (status === "IN_PROGRESS") return graphErrorResponse(c, E.mediaNotFound(creationId));
  if (status === "PUBLISHED")
    return graphErrorResponse(c, E.invalidParam(`media container ${creationId} has already been published`));
  if (status === "EXPIRED") return graphErrorResponse(c, E.invalidParam(`media container ${creationId} has expired`));
  if (status === "ERROR") {
    return graphErrorResponse(
      c,
      E.invalidParam(`media container ${creationId} failed processing: ${container.errorMessage ?? "UNKNOWN"}`),
    );
  }
  // 250 posts and, separately, 1,000 replies per rolling 24 h
  // (https://developers.facebook.com/documentation/threads/retrieve-and-manage-replies, "Rate limits").
  const isReply = container.replyToId !== null;
  const quota = isReply ? REPLY_QUOTA : opts.quotaTotal;
  if ((await countMediaSince(db, viewer.userId, now - DAY_MS, isReply)) >= quota) {
    return graphErrorResponse(c, E.quotaExceeded(quota));
  }
  const parent = container.replyToId ? await getMedia(db, container.replyToId) : undefined;
  const mediaId = `1789${randomDigits(14)}`;
  const media = await insertMedia(db, {
    id: mediaId,
    replyToId: container.replyToId,
    attachments: container.attachments,
    rootId: parent ? (parent.rootId ?? parent.id) : mediaId,
    userId: viewer.userId,
    containerId: container.id,
    mediaType: container.mediaType === "IMAGE" ? "IMAGE" : "TEXT_POST",
    text: container.text,
    imageUrl: container.imageUrl,
    topicTag: container.topicTag,
    shortcode: randomShortcode(),
    publishedAt: now,
  });
  if (media.containerId === container.id && media.publishedAt === now) await afterPublish(c, viewer, media);
  return c.json({ id: media.id });
}

const POLL_KEYS = ["option_a", "option_b", "option_c", "option_d"];

/**
 * poll_attachment (a JSON object option_a, option_b required, option_c/option_d optional, each
 * 1–25 characters, text posts only: …/create-posts/polls), link_attachment (a URL, text posts
 * only; it counts toward the 5 links unless the text has it too), quote_post_id (a post that exists).
 */
async function readAttachments(
  c: FakeContext,
  mediaType: string,
  text: string,
): Promise<FakeAttachments | null | Response> {
  const { db, params } = c.var.fake;
  const out: FakeAttachments = {};
  const rawPoll = params["poll_attachment"];
  if (rawPoll !== undefined) {
    if (mediaType !== "TEXT") return graphErrorResponse(c, E.invalidParam("polls can only be attached to text posts"));
    let poll: unknown;
    try {
      poll = JSON.parse(rawPoll);
    } catch {
      return graphErrorResponse(c, E.invalidParam("poll_attachment must be a JSON object"));
    }
    if (typeof poll !== "object" || poll === null || Array.isArray(poll))
      return graphErrorResponse(c, E.invalidParam("poll_attachment must be a JSON object"));
    const entries = Object.entries(poll as Record<string, unknown>);
    const unknown = entries.find(([k]) => !POLL_KEYS.includes(k));
    if (unknown) return graphErrorResponse(c, E.invalidParam(`poll_attachment has an unknown key ${unknown[0]}`));
    const options: Record<string, string> = {};
    for (const [k, v] of entries) {
      if (typeof v !== "string" || [...v].length < 1 || [...v].length > 25)
        return graphErrorResponse(c, E.invalidParam(`poll_attachment ${k} must be between 1 and 25 characters long`));
      options[k] = v;
    }
    if (!options["option_a"] || !options["option_b"] || (options["option_d"] && !options["option_c"]))
      return graphErrorResponse(c, E.invalidParam("poll_attachment must contain at least 2 and at most 4 options"));
    out.poll = options;
  }
  const link = params["link_attachment"];
  if (link !== undefined) {
    if (mediaType !== "TEXT") return graphErrorResponse(c, E.invalidParam("link_attachment is only for text posts"));
    if (!/^https?:\/\/\S+$/.test(link)) return graphErrorResponse(c, E.invalidParam("link_attachment must be a URL"));
    if (new Set([...uniqueLinks(text), link]).size > MAX_POST_LINKS)
      return graphErrorResponse(c, E.linkLimit(MAX_POST_LINKS));
    out.link = link;
  }
  const quoted = params["quote_post_id"];
  if (quoted !== undefined) {
    if (!(await getMedia(db, quoted))) return graphErrorResponse(c, E.noObject(quoted));
    out.quotedPostId = quoted;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** A reply joins its conversation; a top-level post draws the simulated audience, whose webhooks go out. */
async function afterPublish(c: FakeContext, viewer: Viewer, media: MediaRow): Promise<void> {
  const { db, now, opts } = c.var.fake;
  const base = { hideStatus: "NOT_HUSHED", timestamp: now, shortcode: media.shortcode, text: media.text ?? "" };
  const replyTo = await replyTargetOf(db, media.containerId);
  if (replyTo) {
    const parent = await getReply(db, replyTo);
    const root = parent
      ? { id: parent.rootId, owner: parent.ownerId }
      : { id: replyTo, owner: (await getMedia(db, replyTo))?.userId ?? viewer.userId };
    await insertReplies(db, [
      {
        ...base,
        id: media.id,
        kind: "reply",
        rootId: root.id,
        repliedToId: replyTo,
        ownerId: root.owner,
        authorId: viewer.userId,
        username: viewer.username,
      },
    ]);
    return;
  }
  if (opts.replies === 0 || !media.text) return;
  const simulated = simulateReplies({ seed: opts.seed, mediaId: media.id, text: media.text, count: opts.replies });
  const rows: ReplyRow[] = simulated.map((r) => ({
    ...base,
    id: `1788${randomDigits(14)}`,
    kind: "reply",
    rootId: media.id,
    repliedToId: media.id,
    ownerId: viewer.userId,
    authorId: r.authorId,
    username: r.username,
    text: r.text,
    shortcode: randomShortcode(),
  }));
  const asker = simulated.find((r) => r.category === "question");
  if (asker) {
    const id = `1787${randomDigits(14)}`;
    rows.push({
      ...base,
      id,
      kind: "mention",
      rootId: id,
      repliedToId: null,
      ownerId: viewer.userId,
      authorId: asker.authorId,
      username: asker.username,
      text: `@${viewer.username} ${asker.text}`,
      shortcode: randomShortcode(),
    });
  }
  await insertReplies(db, rows);
  await deliverWebhooks(
    c.env,
    { appId: opts.appId, appSecret: opts.appSecret, url: opts.webhookUrl },
    rows,
    viewer.username,
    now,
  );
}
