import { createRoute, z } from "@hono/zod-openapi";
import { personaFor } from "../access/principal.ts";
import { getPersona } from "../db/personas.ts";
import { thresholdFor } from "../dedup/settings.ts";
import { AppError, notFound } from "../errors.ts";
import { cosineSimilarity } from "../providers/vector-index/validate.ts";
import { unwrapRpc } from "../rpc-result.ts";
import { Slug, bearer, errorResponses, iso, json } from "./schemas/common.ts";
import { CheckRequest, CheckResult, CompareRequest, CompareResult, ReindexResult } from "./schemas/dedup.ts";
import { newRouter } from "./router.ts";
import { personaAgent } from "../durable/persona-agent.ts";

// Mounted at /v1: calibration (compare), a dry run against a persona's posts (check), and the
// re-index to run after changing the embedder.

const IdParam = z.object({ id: Slug });

export const dedupApi = newRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/dedup/compare",
      tags: ["dedup"],
      security: bearer,
      description:
        "Similarity of two texts with the configured embedder, and whether dedup would call them duplicates. Use it to calibrate DEDUP_THRESHOLD or a persona's dedup_threshold.",
      request: { body: { ...json(CompareRequest), required: true } },
      responses: {
        200: { description: "Similarity and verdict", ...json(CompareResult) },
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { a, b, persona_id } = c.req.valid("json");
      if (persona_id !== undefined) personaFor(c.var.principal, persona_id);
      const persona = persona_id ? await getPersona(c.var.db, persona_id) : null;
      if (persona_id && !persona)
        throw new AppError("not_found", `persona_id: no persona '${persona_id}'`, { field: "persona_id" });
      const embedder = c.var.services.providers.embedder;
      const { vectors } = await embedder.embed([a, b]);
      const similarity = cosineSimilarity(vectors[0] ?? [], vectors[1] ?? []);
      const threshold = thresholdFor(c.var.settings.dedup, embedder.id, persona?.dedupThreshold);
      return c.json({ similarity, threshold, duplicate: similarity >= threshold, embedder: embedder.id }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/personas/{id}/dedup/check",
      tags: ["dedup"],
      security: bearer,
      description:
        "The persona's stored posts (within the look-back window) nearest to a text, with similarities. Changes nothing.",
      request: { params: IdParam, body: { ...json(CheckRequest), required: true } },
      responses: {
        200: { description: "Nearest posts, best first", ...json(CheckResult) },
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { text, top_k } = c.req.valid("json");
      if (!(await getPersona(c.var.db, id))) throw notFound("persona", id);
      const result = unwrapRpc(await personaAgent(c.env, id).dedupCheck(id, text, top_k));
      return c.json(
        { ...result, matches: result.matches.map((m) => ({ ...m, created_at: iso(m.created_at) ?? "" })) },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/personas/{id}/dedup/reindex",
      tags: ["dedup"],
      security: bearer,
      description:
        "Re-embeds every stored post of the persona into its vector index with the configured embedder. Run it after changing EMBEDDING_PROVIDER, EMBEDDING_MODEL or EMBEDDING_DIMENSIONS.",
      request: { params: IdParam },
      responses: { 200: { description: "Counts", ...json(ReindexResult) }, ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await getPersona(c.var.db, id))) throw notFound("persona", id);
      return c.json(unwrapRpc(await personaAgent(c.env, id).reindexDedup(id)), 200);
    },
  );
