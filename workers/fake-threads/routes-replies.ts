// Reply endpoints (https://developers.facebook.com/docs/threads/reply-management): a post's
// top-level replies and its whole conversation, the user's own replies and mentions, and hiding
// a reply. Only the root post's owner reads or moderates its replies; only top-level replies can
// be hidden, as documented.
import type { Hono } from "hono";
import { authenticate, graphTimestamp, guarded, ownsPath, pick } from "./context.ts";
import type { FakeContext, FakeEnv, Viewer } from "./context.ts";
import { E, graphErrorResponse } from "./graph-errors.ts";
import { getMedia, getUsername } from "./store.ts";
import { getReply, idsWithReplies, listOfUser, listReplies, setHideStatus } from "./store-replies.ts";
import type { ReplyPage, ReplyRow } from "./store-replies.ts";

const DEFAULT_FIELDS = ["id"];

export function registerReplies(app: Hono<FakeEnv>): void {
  app.get("/v1.0/:id/replies", (c) => withAuth(c, "replies", (v) => replies(c, v, "direct")));
  app.get("/v1.0/:id/conversation", (c) => withAuth(c, "replies", (v) => replies(c, v, "all")));
  app.get("/v1.0/:id/mentions", (c) => withAuth(c, "mentions", (v) => ofUser(c, v, "mentions")));
  app.post("/v1.0/:id/manage_reply", (c) => withAuth(c, "manage_reply", (v) => manage(c, v)));
}

async function withAuth(c: FakeContext, op: string, run: (v: Viewer) => Promise<Response>): Promise<Response> {
  const viewer = await authenticate(c);
  if (viewer instanceof Response) return viewer;
  return guarded(c, op, () => run(viewer));
}

async function replies(c: FakeContext, viewer: Viewer, depth: "direct" | "all"): Promise<Response> {
  const { db } = c.var.fake;
  const id = c.req.param("id") ?? "";
  // /me/replies: the replies the user wrote.
  if (depth === "direct" && ownsPath(viewer, id)) return ofUser(c, viewer, "replies");
  const media = await getMedia(db, id);
  const reply = media ? undefined : await getReply(db, id);
  const owner = media?.userId ?? reply?.ownerId;
  if (!owner || owner !== viewer.userId) return graphErrorResponse(c, E.noObject(id));
  // A reply's conversation is the conversation of its root.
  const target = depth === "all" && reply ? reply.rootId : id;
  const page = pageOf(c);
  const rows = await listReplies(db, target, depth, { ...page, limit: page.limit + 1 });
  return pageResponse(c, viewer, rows, page.limit);
}

async function ofUser(c: FakeContext, viewer: Viewer, which: "replies" | "mentions"): Promise<Response> {
  const id = c.req.param("id") ?? "";
  if (!ownsPath(viewer, id)) return graphErrorResponse(c, E.noObject(id));
  const page = pageOf(c);
  const rows = await listOfUser(c.var.fake.db, viewer.userId, which, { ...page, limit: page.limit + 1 });
  return pageResponse(c, viewer, rows, page.limit);
}

async function manage(c: FakeContext, viewer: Viewer): Promise<Response> {
  const { db, params } = c.var.fake;
  const id = c.req.param("id") ?? "";
  const hide = params["hide"];
  if (hide === undefined) return graphErrorResponse(c, E.missingParam("hide"));
  if (hide !== "true" && hide !== "false") return graphErrorResponse(c, E.invalidParam("hide must be true or false"));
  const reply = await getReply(db, id);
  if (!reply || reply.kind !== "reply" || reply.ownerId !== viewer.userId) return graphErrorResponse(c, E.noObject(id));
  if (reply.repliedToId !== reply.rootId) {
    return graphErrorResponse(c, E.invalidParam("only top-level replies can be hidden or unhidden"));
  }
  if (reply.authorId === viewer.userId) return graphErrorResponse(c, E.invalidParam("you cannot hide your own reply"));
  await setHideStatus(db, id, hide === "true" ? "HIDDEN" : "UNHUSHED");
  return c.json({ success: true });
}

function pageOf(c: FakeContext): Omit<ReplyPage, "limit"> & { limit: number } {
  const limit = Math.min(100, Math.max(1, Number(c.req.query("limit") ?? 25) || 25));
  // Graph's `reverse`: true (the default) is newest first.
  const newestFirst = c.req.query("reverse") !== "false";
  return { limit, newestFirst, after: decodeCursor(c.req.query("after")), now: c.var.fake.now };
}

async function pageResponse(c: FakeContext, viewer: Viewer, rows: ReplyRow[], limit: number): Promise<Response> {
  const { db, now } = c.var.fake;
  const page = rows.slice(0, limit);
  const withReplies = await idsWithReplies(
    db,
    page.map((r) => r.id),
    now,
  );
  const rootOwner = new Map<string, string>();
  for (const r of page) {
    if (!rootOwner.has(r.ownerId)) rootOwner.set(r.ownerId, (await getUsername(db, r.ownerId)) ?? "fake_user");
  }
  const fields = c.req.query("fields");
  const data = page.map((r) =>
    pick(replyObject(r, viewer, withReplies.has(r.id), rootOwner.get(r.ownerId)), fields, DEFAULT_FIELDS),
  );
  const paging: Record<string, unknown> = {};
  const first = page[0];
  const last = page[page.length - 1];
  if (first && last) paging["cursors"] = { before: encodeCursor(first), after: encodeCursor(last) };
  if (rows.length > limit && last) {
    const next = new URL(c.req.url);
    next.searchParams.set("after", encodeCursor(last));
    next.searchParams.delete("access_token");
    paging["next"] = next.toString();
  }
  return c.json({ data, paging });
}

export function replyObject(
  r: ReplyRow,
  viewer: Viewer | null,
  hasReplies: boolean,
  rootUsername?: string,
): Record<string, unknown> {
  const isReply = r.kind === "reply";
  return {
    id: r.id,
    text: r.text,
    username: r.username,
    permalink: `https://www.threads.net/@${r.username}/post/${r.shortcode}`,
    timestamp: graphTimestamp(r.timestamp),
    media_product_type: "THREADS",
    media_type: "TEXT_POST",
    shortcode: r.shortcode,
    owner: { id: r.authorId },
    has_replies: hasReplies,
    is_quote_post: false,
    is_reply: isReply,
    root_post: isReply ? { id: r.rootId, owner_id: r.ownerId, username: rootUsername } : undefined,
    replied_to: isReply && r.repliedToId ? { id: r.repliedToId } : undefined,
    is_reply_owned_by_me: isReply ? viewer?.userId === r.authorId : undefined,
    hide_status: isReply ? r.hideStatus : undefined,
    reply_audience: isReply ? "EVERYONE" : undefined,
  };
}

function encodeCursor(r: ReplyRow): string {
  return btoa(`${r.timestamp}:${r.id}`);
}

function decodeCursor(s: string | undefined): { timestamp: number; id: string } | undefined {
  if (!s) return undefined;
  try {
    const [at, id] = atob(s).split(":");
    const timestamp = Number(at);
    return Number.isFinite(timestamp) && id ? { timestamp, id } : undefined;
  } catch {
    return undefined;
  }
}
