import { createRoute, z } from "@hono/zod-openapi";
import { schedulePost, unschedulePost } from "../db/post-publishing.ts";
import { getPersona } from "../db/personas.ts";
import { getPost } from "../db/posts.ts";
import type { PostRow } from "../db/schema/index.ts";
import type { Db } from "../db/client.ts";
import { AppError, notFound } from "../errors.ts";
import { enqueuePosts } from "../publishing/enqueue.ts";
import { bearer, errorResponses, json, safeString } from "./schemas/common.ts";
import { Post, postJson } from "./schemas/posts.ts";
import { ScheduleAt } from "./schemas/publishing.ts";
import { newRouter } from "./router.ts";

const IdParam = z.object({ id: safeString().min(1).max(100) });
/** "At" a little in the past (clock skew, a slow client) still means "now", not an error. */
const PAST_GRACE_MS = 60_000;

/** Why a post in this state cannot be (re)scheduled or published: a 409 naming the state. */
async function conflict(db: Db, id: string, action: string): Promise<never> {
  const post = await getPost(db, id);
  if (!post) throw notFound("post", id);
  const why =
    post.personaDeletedAt !== null || !(await getPersona(db, post.personaId))
      ? `its persona '${post.deletedPersonaId ?? post.personaId}' was deleted`
      : post.status === "published"
        ? `it is already published (media ${post.threadsMediaId ?? "unknown"})`
        : post.status === "publishing"
          ? "it is being published right now"
          : `it is ${post.status}`;
  throw new AppError("conflict", `cannot ${action} post '${id}': ${why}`, { id, status: post.status });
}

const ok = (row: PostRow) => postJson(row);

/** Mounted at /v1/posts: manual scheduling, publish now, and retrying a failed post. */
export const postPublishingApi = newRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/schedule",
      tags: ["publishing"],
      security: bearer,
      description: "Schedules a draft, scheduled or failed post at an instant (ISO 8601 with offset; stored as UTC).",
      request: { params: IdParam, body: { ...json(ScheduleAt), required: true } },
      responses: { 200: { description: "Scheduled", ...json(Post) }, ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const at = Date.parse(c.req.valid("json").at);
      const now = Date.now();
      if (at < now - PAST_GRACE_MS)
        throw new AppError("bad_request", "at: is in the past; use POST /v1/posts/:id/publish to publish now", {
          field: "at",
        });
      const row = await schedulePost(c.var.db, id, Math.max(at, now), now);
      return c.json(ok(row ?? (await conflict(c.var.db, id, "schedule"))), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}/schedule",
      tags: ["publishing"],
      security: bearer,
      description:
        "Unschedules a post: it becomes a draft and will not be published. A chain being published stops before its next part; the parts already on Threads stay, and publishing it again posts the rest as replies.",
      request: { params: IdParam },
      responses: { 200: { description: "Now a draft", ...json(Post) }, ...errorResponses(401, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const row = await unschedulePost(c.var.db, id, Date.now());
      return c.json(ok(row ?? (await conflict(c.var.db, id, "unschedule"))), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/publish",
      tags: ["publishing"],
      security: bearer,
      description:
        "Publishes a draft, scheduled or failed post now. Retrying a failed post is safe: the stored Threads container is checked first, so it is never posted twice.",
      request: { params: IdParam },
      responses: {
        202: { description: "Queued for publishing", ...json(Post) },
        ...errorResponses(401, 404, 409, 503),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const db = c.var.db;
      const now = Date.now();
      const row = (await schedulePost(db, id, now, now)) ?? (await conflict(db, id, "publish"));
      try {
        await enqueuePosts(c.env, db, [row], now);
      } catch {
        throw new AppError(
          "unavailable",
          "the publish queue is unavailable; the post stays scheduled and the next cron tick sends it",
        );
      }
      return c.json(ok((await getPost(db, id)) ?? row), 202);
    },
  );
