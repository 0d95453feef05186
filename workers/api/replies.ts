// The reply inbox (docs/conversations.md): list, read, and act on replies. Actions that talk to
// Threads (send, hide, unhide) and drafting go through the `reply` queue to the persona's
// Durable Object; the routes only move the state with one conditional UPDATE each.
import { createRoute, z } from "@hono/zod-openapi";
import { personaFor } from "../access/principal.ts";
import { getPost } from "../db/posts.ts";
import { getReply, listReplyPage, transitionReply } from "../db/replies.ts";
import { getPersona } from "../db/personas.ts";
import type { ReplyRow, ReplyStatus } from "../db/schema/index.ts";
import { checkAnswer } from "../conversations/classify.ts";
import { enqueueReply, type ReplyAction } from "../durable/queues.ts";
import { AppError, notFound } from "../errors.ts";
import { Limit, Slug, bearer, errorResponses, json, safeString } from "./schemas/common.ts";
import { decodeCursor, encodeCursor } from "./schemas/posts.ts";
import { Reply, ReplyStatusQuery, RespondBody, replyJson } from "./schemas/replies.ts";
import { newRouter } from "./router.ts";
import type { AppEnv } from "./router.ts";
import type { Context } from "hono";

const IdParam = z.object({ id: safeString().min(1).max(100) });
const Page = z.object({ data: z.array(Reply), next_cursor: z.string().nullable() }).openapi("ReplyPage");
const listQuery = {
  status: ReplyStatusQuery.optional(),
  limit: Limit,
  cursor: safeString().max(200).optional(),
};

async function found(c: Context<AppEnv>, id: string): Promise<ReplyRow> {
  const row = await getReply(c.var.db, id);
  if (!row) throw notFound("reply", id);
  return row;
}

function conflict(row: ReplyRow, what: string): AppError {
  return new AppError("conflict", `status: reply is ${row.status}; ${what}`, { field: "status", status: row.status });
}

const send = (c: Context<AppEnv>, row: ReplyRow, action: ReplyAction) =>
  enqueueReply(c.env.REPLY_QUEUE, { reply_id: row.id, persona_id: row.personaId, action });

const accepted = { 202: { description: "Accepted; the reply as it is now", ...json(Reply) } };

const respondRoute = createRoute({
  method: "post",
  path: "/{id}/respond",
  tags: ["replies"],
  security: bearer,
  description:
    "Answer the reply: with `text`, that answer is checked and sent; without, the persona's writer drafts one (approve it)",
  request: { params: IdParam, body: { ...json(RespondBody), required: false } },
  responses: { ...accepted, ...errorResponses(400, 401, 404, 409) },
});

const action = (path: string, description: string) =>
  createRoute({
    method: "post",
    path: `/{id}/${path}`,
    tags: ["replies"],
    security: bearer,
    description,
    request: { params: IdParam },
    responses: {
      202: { description: "Accepted; the reply as it is now", ...json(Reply) },
      ...errorResponses(400, 401, 404, 409),
    },
  });

async function page(
  c: Context<AppEnv>,
  q: { persona_id?: string; post_id?: string; status?: ReplyStatus; limit: number; cursor?: string },
) {
  const result = await listReplyPage(c.var.db, {
    personaId: q.persona_id,
    postId: q.post_id,
    status: q.status,
    limit: q.limit,
    cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
  });
  return { data: result.rows.map(replyJson), next_cursor: result.next ? encodeCursor(result.next) : null };
}

export const repliesApi = newRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["replies"],
      security: bearer,
      request: { query: z.object({ persona_id: Slug.optional(), ...listQuery }) },
      responses: {
        200: { description: "Replies and mentions, newest first; pass next_cursor as cursor", ...json(Page) },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await page(c, { ...q, persona_id: personaFor(c.var.principal, q.persona_id) }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["replies"],
      security: bearer,
      request: { params: IdParam },
      responses: { 200: { description: "The reply", ...json(Reply) }, ...errorResponses(401, 404) },
    }),
    async (c) => c.json(replyJson(await found(c, c.req.valid("param").id)), 200),
  )
  .openapi(respondRoute, async (c) => {
    const row = await found(c, c.req.valid("param").id);
    const text = (c.req.valid("json") as { text?: string } | undefined)?.text;
    if (text === undefined) {
      if (row.status !== "new") throw conflict(row, "only a reply without a draft gets one written (approve a draft)");
      await send(c, row, "draft");
      return c.json(replyJson(row), 202);
    }
    const persona = await getPersona(c.var.db, row.personaId);
    const problems = checkAnswer(text, persona?.guardrails.blocked_words ?? []);
    if (problems.length) throw new AppError("bad_request", `text: ${problems.join("; ")}`, { field: "text" });
    const moved = await transitionReply(
      c.var.db,
      row.id,
      ["new", "drafted", "flagged", "failed"],
      "queued",
      { answerText: text, answerSource: "operator", error: null },
      Date.now(),
    );
    if (!moved) throw conflict(row, "it is already answered, queued or dismissed");
    await send(c, moved, "send");
    return c.json(replyJson(moved), 202);
  })
  .openapi(action("approve", "Send the drafted answer (once, as a reply to this reply)"), async (c) => {
    const row = await found(c, c.req.valid("param").id);
    const moved = await transitionReply(c.var.db, row.id, ["drafted", "failed"], "queued", { error: null }, Date.now());
    if (!moved || !moved.answerText) throw conflict(row, "only a drafted (or failed) answer can be approved");
    await send(c, moved, "send");
    return c.json(replyJson(moved), 202);
  })
  .openapi(action("dismiss", "Leave the reply unanswered"), async (c) => {
    const row = await found(c, c.req.valid("param").id);
    const moved = await transitionReply(
      c.var.db,
      row.id,
      ["new", "drafted", "flagged", "failed"],
      "dismissed",
      {},
      Date.now(),
    );
    if (!moved) throw conflict(row, "it is already answered, queued or dismissed");
    return c.json(replyJson(moved), 202);
  })
  .openapi(action("hide", "Hide the reply on Threads (top-level replies to the persona's posts only)"), async (c) => {
    const row = await found(c, c.req.valid("param").id);
    requireTopLevel(row);
    await send(c, row, "hide");
    return c.json(replyJson(row), 202);
  })
  .openapi(action("unhide", "Show a hidden reply again"), async (c) => {
    const row = await found(c, c.req.valid("param").id);
    requireTopLevel(row);
    await send(c, row, "unhide");
    return c.json(replyJson(row), 202);
  });

function requireTopLevel(row: ReplyRow): void {
  if (row.kind !== "reply" || row.parentThreadsId === null || row.parentThreadsId !== row.rootThreadsId) {
    throw new AppError(
      "conflict",
      "kind: only top-level replies to the persona's posts can be hidden (Threads' rule)",
      {
        field: "kind",
      },
    );
  }
}

/** GET /v1/posts/:id/replies */
export const postRepliesApi = newRouter().openapi(
  createRoute({
    method: "get",
    path: "/{id}/replies",
    tags: ["replies"],
    security: bearer,
    request: { params: IdParam, query: z.object(listQuery) },
    responses: {
      200: { description: "The post's replies, newest first", ...json(Page) },
      ...errorResponses(400, 401, 404),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    if (!(await getPost(c.var.db, id))) throw notFound("post", id);
    return c.json(await page(c, { ...c.req.valid("query"), post_id: id }), 200);
  },
);
