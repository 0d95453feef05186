import { newId } from "../ids.ts";
import { personaFor } from "../access/principal.ts";
import { createRoute, z } from "@hono/zod-openapi";
import {
  finishExperiment,
  getExperiment,
  insertExperiment,
  listExperiments,
  runningExperimentsFor,
  listRunningExperiments,
} from "../db/experiments.ts";
import type { Experiment } from "../db/experiments.ts";
import { getPersona } from "../db/personas.ts";
import { evaluateExperiment, freshExperiment } from "../experiments/evaluate.ts";
import { AppError, notFound } from "../errors.ts";
import { Limit, Slug, bearer, errorResponses, json } from "./schemas/common.ts";
import { CreateExperiment, EXPERIMENT_STATUSES, ExperimentView, experimentJson } from "./schemas/experiments.ts";
import { newRouter } from "./router.ts";

const IdParam = z.object({ id: z.string().min(1).max(100) });

export const experimentsApi = newRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["experiments"],
      security: bearer,
      description:
        "Starts an experiment on one dimension. Each new task of the persona (or of every persona) gets an arm at ingest. One running experiment per dimension and persona.",
      request: { body: { ...json(CreateExperiment), required: true } },
      responses: { 201: { description: "Created", ...json(ExperimentView) }, ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => {
      const b = { ...c.req.valid("json") };
      b.persona_id = personaFor(c.var.principal, b.persona_id);
      const db = c.var.db;
      if (b.persona_id && !(await getPersona(db, b.persona_id)))
        throw new AppError("not_found", `persona_id: no persona '${b.persona_id}'`, { field: "persona_id" });
      // Two experiments on one dimension would fight over the same tasks.
      const overlapping = (
        b.persona_id ? await runningExperimentsFor(db, b.persona_id) : await listRunningExperiments(db)
      ).find((e) => e.dimension === b.dimension);
      if (overlapping)
        throw new AppError(
          "conflict",
          `dimension: experiment '${overlapping.id}' already tests ${b.dimension} for ${overlapping.personaId ?? "every persona"}; stop it first`,
          { field: "dimension", experiment_id: overlapping.id },
        );
      const settings = c.var.settings.experiments;
      const exp = await insertExperiment(
        db,
        {
          id: newId("experiment"),
          name: b.name,
          personaId: b.persona_id ?? null,
          dimension: b.dimension,
          arms: b.arms,
          policy: b.policy ?? "fixed",
          windowHours: settings.windowHours,
          minPostsPerArm: b.min_posts_per_arm ?? settings.minPostsPerArm,
        },
        Date.now(),
      );
      return c.json(experimentJson(exp), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["experiments"],
      security: bearer,
      description:
        "Experiments by id; running ones are evaluated on read. Pass next_cursor as after for the next page.",
      request: {
        query: z.object({
          persona_id: Slug.optional(),
          status: z.enum(EXPERIMENT_STATUSES).optional(),
          limit: Limit,
          after: z.string().max(100).optional(),
        }),
      },
      responses: {
        200: {
          description: "Experiments",
          ...json(z.object({ data: z.array(ExperimentView), next_cursor: z.string().nullable() })),
        },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const settings = c.var.settings.experiments;
      const now = Date.now();
      const rows = await listExperiments(c.var.db, {
        limit: q.limit,
        after: q.after,
        personaId: personaFor(c.var.principal, q.persona_id),
        status: q.status,
      });
      const fresh: Experiment[] = [];
      for (const e of rows)
        fresh.push(e.status === "running" ? ((await freshExperiment(c.var.db, e.id, settings, now)) ?? e) : e);
      const next = rows.length === q.limit ? (rows[rows.length - 1]?.id ?? null) : null;
      return c.json({ data: fresh.map(experimentJson), next_cursor: next }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["experiments"],
      security: bearer,
      description: "The experiment with per-arm figures and its decision (evaluated on read while running).",
      request: { params: IdParam },
      responses: { 200: { description: "The experiment", ...json(ExperimentView) }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const exp = await freshExperiment(c.var.db, id, c.var.settings.experiments, Date.now());
      if (!exp) throw notFound("experiment", id);
      return c.json(experimentJson(exp), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/stop",
      tags: ["experiments"],
      security: bearer,
      description:
        "Stops a running experiment: new tasks get no arm from it and nothing is promoted. 409 when it already finished.",
      request: { params: IdParam },
      responses: { 200: { description: "Stopped", ...json(ExperimentView) }, ...errorResponses(401, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const db = c.var.db;
      const exp = await getExperiment(db, id);
      if (!exp) throw notFound("experiment", id);
      const now = Date.now();
      // Keep the last figures with the stopped experiment.
      const last = exp.status === "running" ? await evaluateExperiment(db, exp, c.var.settings.experiments, now) : null;
      const current = await getExperiment(db, id);
      if (
        current?.status !== "running" ||
        !(await finishExperiment(
          db,
          id,
          { status: "stopped", winner: null, pValue: current.pValue, decision: last },
          now,
        ))
      ) {
        throw new AppError("conflict", `experiment '${id}' already finished (${current?.status ?? exp.status})`, {
          id,
          status: current?.status ?? exp.status,
        });
      }
      const stopped = await getExperiment(db, id);
      if (!stopped) throw notFound("experiment", id);
      return c.json(experimentJson(stopped), 200);
    },
  );
