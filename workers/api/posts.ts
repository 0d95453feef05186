import { createRoute, z } from "@hono/zod-openapi";
import { personaFor } from "../access/principal.ts";
import { deletePost, getPost, getPostWithExtras, listPostPage } from "../db/posts.ts";
import { listPostMetrics } from "../insights/queries.ts";
import { POST_ORIGINS, POST_STATUSES } from "../db/schema/index.ts";
import { notFound } from "../errors.ts";
import { unwrapRpc } from "../rpc-result.ts";
import { Limit, Slug, bearer, errorResponses, json, safeString } from "./schemas/common.ts";
import { Post, PostMetricsSeries, decodeCursor, encodeCursor, postJson, readingJson } from "./schemas/posts.ts";
import { newRouter } from "./router.ts";
import { personaAgent } from "../durable/persona-agent.ts";

export const postsApi = newRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["posts"],
      security: bearer,
      request: {
        query: z.object({
          persona_id: Slug.optional(),
          deleted_persona_id: Slug.optional().openapi({
            description: "the history kept from a deleted persona with this id",
          }),
          status: z.enum(POST_STATUSES).optional(),
          origin: z.enum(POST_ORIGINS).optional().openapi({ description: "generated or imported posts only" }),
          limit: Limit,
          cursor: safeString().max(200).optional(),
        }),
      },
      responses: {
        200: {
          description: "Posts, newest first; pass next_cursor as cursor for the next page",
          ...json(z.object({ data: z.array(Post), next_cursor: z.string().nullable() })),
        },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      // A persona-limited key sees its personas' posts and the history of its deleted personas.
      const p = c.var.principal;
      const deletedPersonaId =
        q.deleted_persona_id === undefined ? undefined : personaFor(p, q.deleted_persona_id, "deleted_persona_id");
      const personaId =
        q.persona_id !== undefined || deletedPersonaId === undefined ? personaFor(p, q.persona_id) : undefined;
      const page = await listPostPage(c.var.db, {
        personaId,
        deletedPersonaId,
        status: q.status,
        origin: q.origin,
        limit: q.limit,
        cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
      });
      return c.json(
        {
          data: page.rows.map((p) => postJson(p, page.extras(p.id))),
          next_cursor: page.next ? encodeCursor(page.next) : null,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["posts"],
      security: bearer,
      request: { params: z.object({ id: safeString().min(1).max(100) }) },
      responses: { 200: { description: "The post", ...json(Post) }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const found = await getPostWithExtras(c.var.db, id);
      if (!found) throw notFound("post", id);
      return c.json(postJson(found.post, found.extras), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/metrics",
      tags: ["posts"],
      security: bearer,
      description: "Every insights reading of the post, oldest first (cumulative counts at each poll).",
      request: { params: z.object({ id: z.string().min(1).max(100) }) },
      responses: {
        200: { description: "The post's metrics over time", ...json(PostMetricsSeries) },
        ...errorResponses(401, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await getPost(c.var.db, id))) throw notFound("post", id);
      const rows = await listPostMetrics(c.var.db, { postId: id });
      const data = rows.map(readingJson);
      return c.json({ post_id: id, data }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags: ["posts"],
      security: bearer,
      description:
        "Deletes the post from this service and its vector from the persona's dedup index. A published post stays on Threads.",
      request: { params: z.object({ id: safeString().min(1).max(100) }) },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const post = await getPost(c.var.db, id);
      if (!post) throw notFound("post", id);
      // Vector first: if that fails the post is still listed and the delete can be retried.
      // A deleted persona's history post has no vector left (its index went with the persona).
      if (post.personaDeletedAt === null) {
        unwrapRpc(await personaAgent(c.env, post.personaId).removePostVector(post.personaId, id));
      }
      await deletePost(c.var.db, id);
      return c.body(null, 204);
    },
  );
