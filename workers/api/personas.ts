import { createRoute, z } from "@hono/zod-openapi";
import { deletePersona, getPersona, insertPersona, listPersonas, updatePersona, type PersonaPatch } from "../db/personas.ts";
import { AppError, notFound } from "../errors.ts";
import { deletePersonaExperimentData } from "../db/experiments.ts";
import { deletePersonaScores } from "../db/scores.ts";
import { Limit, Slug, bearer, errorResponses, json } from "./schemas/common.ts";
import { CreatePersona, PatchPersona, Persona, defaultGuardrails, personaJson, scheduleInput } from "./schemas/personas.ts";
import { newRouter } from "./router.ts";

const IdParam = z.object({ id: Slug });

export const personasApi = newRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["personas"],
      security: bearer,
      request: { body: { ...json(CreatePersona), required: true } },
      responses: { 201: { description: "Created", ...json(Persona) }, ...errorResponses(400, 401, 409) },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const row = await insertPersona(
        c.var.db,
        {
          id: b.id,
          name: b.name,
          description: b.description ?? null,
          tone: b.tone ?? null,
          emoji: b.emoji ?? null,
          topics: b.topics ?? [],
          language: b.language ?? "en",
          timezone: b.timezone ?? "UTC",
          guardrails: defaultGuardrails(b.guardrails),
          researchEnabled: b.research_enabled ?? true,
          dedupThreshold: b.dedup_threshold ?? null,
          qualityThreshold: b.quality_threshold ?? null,
          schedule: b.schedule === undefined ? null : scheduleInput(b.schedule, b.timezone ?? "UTC"),
          autopilot: b.autopilot ?? false,
        },
        Date.now(),
      );
      if (!row) throw new AppError("conflict", `id: persona '${b.id}' already exists`, { field: "id" });
      return c.json(personaJson(row), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["personas"],
      security: bearer,
      request: { query: z.object({ limit: Limit, after: Slug.optional() }) },
      responses: { 200: { description: "Personas by id", ...json(z.object({ data: z.array(Persona), next_cursor: z.string().nullable() })) }, ...errorResponses(400, 401) },
    }),
    async (c) => {
      const { limit, after } = c.req.valid("query");
      const rows = await listPersonas(c.var.db, { limit, after });
      const next = rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null;
      return c.json({ data: rows.map(personaJson), next_cursor: next }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["personas"],
      security: bearer,
      request: { params: IdParam },
      responses: { 200: { description: "The persona", ...json(Persona) }, ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const row = await getPersona(c.var.db, id);
      if (!row) throw notFound("persona", id);
      return c.json(personaJson(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags: ["personas"],
      security: bearer,
      request: { params: IdParam, body: { ...json(PatchPersona), required: true } },
      responses: { 200: { description: "Updated", ...json(Persona) }, ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const b = c.req.valid("json");
      const existing = await getPersona(c.var.db, id);
      if (!existing) throw notFound("persona", id);
      const { guardrails, research_enabled, dedup_threshold, quality_threshold, schedule, autopilot, ...rest } = b;
      const patch: PersonaPatch = { ...rest };
      if (guardrails) patch.guardrails = { ...existing.guardrails, ...guardrails };
      if (research_enabled !== undefined) patch.researchEnabled = research_enabled;
      if (dedup_threshold !== undefined) patch.dedupThreshold = dedup_threshold;
      if (quality_threshold !== undefined) patch.qualityThreshold = quality_threshold;
      if (autopilot !== undefined) patch.autopilot = autopilot;
      if (schedule !== undefined) patch.schedule = scheduleInput(schedule, rest.timezone ?? existing.timezone);
      const row = await updatePersona(c.var.db, id, patch, Date.now());
      if (!row) throw notFound("persona", id);
      return c.json(personaJson(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags: ["personas"],
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted; its posts are kept" }, ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await deletePersona(c.var.db, id))) throw notFound("persona", id);
      // The persona's experiment assignments, promoted defaults and score model go with it.
      await deletePersonaExperimentData(c.var.db, id);
      await deletePersonaScores(c.var.db, id);
      return c.body(null, 204);
    },
  );
