import { createRoute, z } from "@hono/zod-openapi";
import { personaFor } from "../access/principal.ts";
import { getPersona } from "../db/personas.ts";

import { AppError, notFound } from "../errors.ts";
import { scoreDraft, scoreModelReport } from "../score/predictor.ts";
import { Slug, bearer, errorResponses, json } from "./schemas/common.ts";
import { ScoreModel, ScoreRequest, ScoreResult } from "./schemas/experiments.ts";
import { newRouter } from "./router.ts";

// Mounted at /v1: the viral score of any text, and how well a persona's predictor tracks reality.
export const scoreApi = newRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/score",
      tags: ["score"],
      security: bearer,
      description:
        "The viral score the quality gate would give this text: named features, the predicted engagement rate and whether it passes the gate. Changes nothing.",
      request: { body: { ...json(ScoreRequest), required: true } },
      responses: { 200: { description: "Score", ...json(ScoreResult) }, ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { text, persona_id } = c.req.valid("json");
      if (persona_id !== undefined) personaFor(c.var.principal, persona_id);
      const persona = persona_id ? await getPersona(c.var.db, persona_id) : null;
      if (persona_id && !persona)
        throw new AppError("not_found", `persona_id: no persona '${persona_id}'`, { field: "persona_id" });
      const threshold = persona?.qualityThreshold ?? c.var.settings.experiments.qualityThreshold;
      const scored = await scoreDraft(c.var.db, persona_id ?? null, text, c.var.settings.experiments.learnedMinPosts);
      return c.json({ ...scored, threshold, passes_gate: scored.score >= threshold }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/personas/{id}/score-model",
      tags: ["score"],
      security: bearer,
      description:
        "The persona's engagement predictor: posts it learned from, its weights, and the Spearman rank correlation of predicted vs measured engagement rate.",
      request: { params: z.object({ id: Slug }) },
      responses: { 200: { description: "The model", ...json(ScoreModel) }, ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await getPersona(c.var.db, id))) throw notFound("persona", id);
      return c.json(await scoreModelReport(c.var.db, id, c.var.settings.experiments.learnedMinPosts), 200);
    },
  );
