// Read endpoints: the profile, a container's status or a post (both live at /{id}), and the
// user's post list with cursor paging.
import type { Hono } from "hono";
import { authenticate, graphTimestamp, guarded, pick } from "./context.ts";
import type { FakeEnv } from "./context.ts";
import { E, graphErrorResponse } from "./graph-errors.ts";
import { withViewer } from "./routes-publishing.ts";
import { containerStatus } from "./status.ts";
import { ensureHistory } from "./history.ts";
import { getContainer, getMedia, listMedia, markContainerError } from "./store.ts";
import type { MediaRow } from "./store.ts";

const POST_DEFAULT_FIELDS = ["id"];
/** 1688540400: the earliest `since` the posts edge accepts. */
const THREADS_LAUNCH_MS = 1_688_540_400_000;

export function registerRead(app: Hono<FakeEnv>): void {
  app.get("/v1.0/me", (c) =>
    withViewer(c, "me", async (v) => {
      const profile = {
        id: v.userId,
        username: v.username,
        name: v.username.replace(/[._]/g, " "),
        threads_profile_picture_url: `https://fake-threads.invalid/avatars/${v.userId}.jpg`,
        threads_biography: "A persona account on the fake Threads API.",
      };
      return c.json(pick(profile, c.req.query("fields"), ["id"]));
    }),
  );

  app.get("/v1.0/:userId/threads", (c) =>
    withViewer(c, "list", async (v) => {
      const { db, opts, now } = c.var.fake;
      await ensureHistory(db, opts.seed, v.userId, opts.historyPosts, now);
      // As documented (https://developers.facebook.com/documentation/threads/retrieve-and-manage-posts/retrieve-posts):
      // limit up to 100, since/until as Unix seconds, since no earlier than 1688540400 (Threads' launch).
      const limit = Math.min(100, Math.max(1, Number(c.req.query("limit") ?? 25) || 25));
      const older = decodeCursor(c.req.query("after"));
      const newer = older ? undefined : decodeCursor(c.req.query("before"));
      const since = secondsParam(c.req.query("since"));
      const until = secondsParam(c.req.query("until"));
      if (since !== undefined && since < THREADS_LAUNCH_MS)
        return graphErrorResponse(c, E.invalidParam("since must be on or after 1688540400 (July 5, 2023)"));
      const rows = await listMedia(db, v.userId, { limit: limit + 1, before: older, after: newer, since, until });
      // Paging toward newer posts, the extra row (there are more) is the newest one.
      const page = newer && rows.length > limit ? rows.slice(rows.length - limit) : rows.slice(0, limit);
      const fields = c.req.query("fields");
      const data = page.map((m) => pick(mediaObject(m, v.username), fields, POST_DEFAULT_FIELDS));
      const first = page[0];
      const last = page[page.length - 1];
      const paging: Record<string, unknown> = {};
      if (first && last) paging.cursors = { before: encodeCursor(first), after: encodeCursor(last) };
      if (rows.length > limit && last && opts.pagingNext && !newer) {
        const next = new URL(c.req.url);
        next.searchParams.set("after", encodeCursor(last));
        next.searchParams.delete("access_token"); // never echo the token back
        paging.next = next.toString();
      }
      return c.json({ data, paging });
    }),
  );

  app.get("/v1.0/:id", async (c) => {
    const viewer = await authenticate(c);
    if (viewer instanceof Response) return viewer;
    const { db, now, opts, faults } = c.var.fake;
    const id = c.req.param("id");
    const container = await getContainer(db, id);
    if (container && container.userId === viewer.userId) {
      return guarded(c, "status", async () => {
        if (!container.publishedMediaId && faults.take(opts, "status", (a) => a.kind === "status")) {
          await markContainerError(db, id, "UNKNOWN");
          container.errorMessage = "UNKNOWN";
        }
        const status = containerStatus(container, now, opts.processingMs);
        const obj = { id, status, error_message: status === "ERROR" ? container.errorMessage : undefined };
        return c.json(pick(obj, c.req.query("fields"), ["status"]));
      });
    }
    const media = await getMedia(db, id);
    if (media && media.userId === viewer.userId) {
      return guarded(c, "post", async () =>
        c.json(pick(mediaObject(media, viewer.username), c.req.query("fields"), POST_DEFAULT_FIELDS)),
      );
    }
    return graphErrorResponse(c, E.noObject(id));
  });
}

export function mediaObject(m: MediaRow, username: string): Record<string, unknown> {
  return {
    id: m.id,
    media_product_type: "THREADS",
    media_type: m.mediaType,
    media_url: m.imageUrl ?? undefined,
    permalink: `https://www.threads.net/@${username}/post/${m.shortcode}`,
    owner: { id: m.userId },
    username,
    text: m.text ?? undefined,
    timestamp: graphTimestamp(m.publishedAt),
    shortcode: m.shortcode,
    is_quote_post: m.attachments?.quotedPostId !== undefined,
    quoted_post: m.attachments?.quotedPostId ? { id: m.attachments.quotedPostId } : undefined,
    poll_attachment: m.attachments?.poll,
    link_attachment_url: m.attachments?.link,
    topic_tag: m.topicTag ?? undefined,
    is_reply: m.replyToId !== null,
    replied_to: m.replyToId ? { id: m.replyToId } : undefined,
    root_post: { id: m.rootId ?? m.id },
  };
}

function encodeCursor(m: MediaRow): string {
  return btoa(`${m.publishedAt}:${m.id}`);
}

function decodeCursor(s: string | undefined): { publishedAt: number; id: string } | undefined {
  if (!s) return undefined;
  try {
    const [at, id] = atob(s).split(":");
    const publishedAt = Number(at);
    return Number.isFinite(publishedAt) && id ? { publishedAt, id } : undefined;
  } catch {
    return undefined;
  }
}

function secondsParam(s: string | undefined): number | undefined {
  const n = s === undefined ? NaN : Number(s);
  return Number.isFinite(n) ? n * 1000 : undefined;
}
