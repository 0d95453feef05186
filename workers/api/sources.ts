// Mounted at /v1/personas: the persona's sources (pages, feeds, pasted notes) for retrieval
// (docs/sources.md). Adding one fetches it at once in the persona's Durable Object, which owns
// the vector index; the quarter-hour cron refreshes pages and feeds.
import { createRoute, z } from "@hono/zod-openapi";
import { getPersona } from "../db/personas.ts";
import { getSource, itemsOf, listSources } from "../db/sources.ts";
import { personaAgent } from "../durable/persona-agent.ts";
import { notFound } from "../errors.ts";
import { unwrapRpc } from "../rpc-result.ts";
import { checkSourceUrl } from "../sources/url-safety.ts";
import { urlPolicy } from "../sources/manage.ts";
import { newRouter } from "./router.ts";
import { Limit, Slug, bearer, errorResponses, json, safeString } from "./schemas/common.ts";
import { decodeCursor, encodeCursor } from "./schemas/posts.ts";
import { CreateSource, Source, SourceDetail, itemJson, sourceJson } from "./schemas/sources.ts";

const IdParam = z.object({ id: Slug });
const SourceParams = z.object({ id: Slug, source_id: safeString().min(1).max(100) });

/** POST …/sources carries up to 100 KB of text, more than the API's 64 KB body limit. */
export const SOURCES_PATH = /^\/v1\/personas\/[^/]+\/sources$/;

async function requirePersona(db: Parameters<typeof getPersona>[0], id: string) {
  const persona = await getPersona(db, id);
  if (!persona) throw notFound("persona", id);
  return persona;
}

const Refreshed = Source.extend({
  changed_items: z.number().openapi({ description: "items whose text changed (new chunks embedded)" }),
  not_modified: z.boolean().openapi({ description: "the server answered 304 (ETag / Last-Modified)" }),
}).openapi("SourceRefresh");

export const sourcesApi = newRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/sources",
      tags: ["sources"],
      security: bearer,
      description:
        'Adds a source: {"url"} (an HTML page or an RSS/Atom feed, detected from the answer) or {"text","title"} (pasted notes or markdown, up to 100 KB). A URL is fetched at once (robots.txt respected, https only in production, size and time caps, no redirect to another scheme or a private address); a fetch that fails still stores the source, with status "failed" and last_error, and the cron retries it. Paragraphs with prompt injection (or personal data, when the persona blocks it) are left out and counted in `dropped`.',
      request: { params: IdParam, body: { ...json(CreateSource), required: true } },
      responses: {
        201: { description: "The source, fetched and embedded (or failed: see last_error)", ...json(Refreshed) },
        ...errorResponses(400, 401, 404, 409, 413),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      await requirePersona(c.var.db, id);
      // The URL is checked here for a quick 400; the agent checks it (and every redirect) again.
      if ("url" in body) checkSourceUrl(body.url, urlPolicy(c.var.settings));
      const report = unwrapRpc(await personaAgent(c.env, id).addSource(id, body));
      return c.json(
        { ...sourceJson(report.source), changed_items: report.changed_items, not_modified: report.not_modified },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/sources",
      tags: ["sources"],
      security: bearer,
      request: { params: IdParam, query: z.object({ limit: Limit, cursor: safeString().max(200).optional() }) },
      responses: {
        200: {
          description: "The persona's sources, oldest first; pass next_cursor as cursor for the next page",
          ...json(z.object({ data: z.array(Source), next_cursor: z.string().nullable() })),
        },
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const q = c.req.valid("query");
      await requirePersona(c.var.db, id);
      const rows = await listSources(c.var.db, id, q.limit, q.cursor ? decodeCursor(q.cursor) : undefined);
      const last = rows[rows.length - 1];
      return c.json(
        {
          data: rows.map(sourceJson),
          next_cursor:
            rows.length === q.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/sources/{source_id}",
      tags: ["sources"],
      security: bearer,
      request: { params: SourceParams },
      responses: {
        200: { description: "The source with its items (newest first)", ...json(SourceDetail) },
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { id, source_id } = c.req.valid("param");
      const source = await getSource(c.var.db, id, source_id);
      if (!source) throw notFound("source", source_id);
      const items = await itemsOf(c.var.db, source.id);
      return c.json({ ...sourceJson(source), item_list: items.map(itemJson) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/sources/{source_id}/refresh",
      tags: ["sources"],
      security: bearer,
      description: "Refetches a page or feed now (conditionally: ETag / Last-Modified), as the cron does.",
      request: { params: SourceParams },
      responses: { 200: { description: "The refreshed source", ...json(Refreshed) }, ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { id, source_id } = c.req.valid("param");
      const source = await getSource(c.var.db, id, source_id);
      if (!source) throw notFound("source", source_id);
      const report = unwrapRpc(await personaAgent(c.env, id).refreshSource(source.id));
      return c.json(
        { ...sourceJson(report.source), changed_items: report.changed_items, not_modified: report.not_modified },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}/sources/{source_id}",
      tags: ["sources"],
      security: bearer,
      description:
        "Removes the source, its items and chunks, and their vectors. Posts written from it keep their `sources`.",
      request: { params: SourceParams },
      responses: {
        200: {
          description: "Deleted",
          ...json(z.object({ id: z.string(), deleted: z.literal(true), chunks_removed: z.number() })),
        },
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { id, source_id } = c.req.valid("param");
      const out = unwrapRpc(await personaAgent(c.env, id).removeSource(id, source_id));
      return c.json({ id: out.source.id, deleted: true as const, chunks_removed: out.chunks_removed }, 200);
    },
  );
