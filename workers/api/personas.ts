import { createRoute, z } from "@hono/zod-openapi";
import { personaFor } from "../access/principal.ts";
import { getPersona, insertPersona, listPersonas, updatePersona, type PersonaPatch } from "../db/personas.ts";
import { AppError, notFound } from "../errors.ts";
import { unwrapRpc } from "../rpc-result.ts";
import { Limit, Slug, bearer, errorResponses, json } from "./schemas/common.ts";
import {
  CreatePersona,
  DeletePersonaQuery,
  PatchPersona,
  Persona,
  defaultGuardrails,
  namesTimezone,
  personaJson,
  scheduleInput,
} from "./schemas/personas.ts";
import { newRouter } from "./router.ts";
import { logEvent } from "../log.ts";
import { personaAgent } from "../durable/persona-agent.ts";

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
      personaFor(c.var.principal, b.id, "id");
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
          scheduleTimezoneExplicit: namesTimezone(b.schedule),
          autopilot: b.autopilot ?? false,
          repliesMode: b.replies ?? "suggest",
          replyRules: b.reply_rules ?? null,
          autopilotBestTimes: b.autopilot_best_times ?? false,
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
      responses: {
        200: {
          description: "Personas by id",
          ...json(z.object({ data: z.array(Persona), next_cursor: z.string().nullable() })),
        },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const { limit, after } = c.req.valid("query");
      const ids = c.var.principal.personaIds ?? undefined;
      const rows = await listPersonas(c.var.db, { limit, after, ids });
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
      const {
        guardrails,
        research_enabled,
        dedup_threshold,
        quality_threshold,
        schedule,
        autopilot,
        replies,
        reply_rules,
        autopilot_best_times,
        ...rest
      } = b;
      const patch: PersonaPatch = { ...rest };
      if (guardrails) patch.guardrails = { ...existing.guardrails, ...guardrails };
      if (research_enabled !== undefined) patch.researchEnabled = research_enabled;
      if (dedup_threshold !== undefined) patch.dedupThreshold = dedup_threshold;
      if (quality_threshold !== undefined) patch.qualityThreshold = quality_threshold;
      if (autopilot !== undefined) patch.autopilot = autopilot;
      if (replies !== undefined) patch.repliesMode = replies;
      if (reply_rules !== undefined)
        patch.replyRules = reply_rules === null ? null : { ...existing.replyRules, ...reply_rules };
      if (autopilot_best_times !== undefined) patch.autopilotBestTimes = autopilot_best_times;
      if (schedule !== undefined) {
        patch.schedule = scheduleInput(schedule, rest.timezone ?? existing.timezone);
        patch.scheduleTimezoneExplicit = namesTimezone(schedule);
      } else if (rest.timezone !== undefined && existing.schedule && !existing.scheduleTimezoneExplicit) {
        // The schedule follows the persona's zone unless it named its own.
        patch.schedule = { ...existing.schedule, timezone: rest.timezone };
      }
      const row = await updatePersona(c.var.db, id, patch, Date.now());
      if (!row) throw notFound("persona", id);
      if (JSON.stringify(row.schedule) !== JSON.stringify(existing.schedule)) {
        // Posts placed on the old schedule's slots move to the new ones (in the persona's Durable Object, under its slot lock).
        unwrapRpc(await personaAgent(c.env, id).moveSchedule(id));
      }
      return c.json(personaJson(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags: ["personas"],
      security: bearer,
      description:
        "Deletes the persona and everything it owns: queued and running tasks are cancelled (nothing more is published), drafts and scheduled posts are deleted, " +
        "the Threads account and its token, its Durable Object storage and its vectors are removed. Published posts stay as history, marked persona_deleted_at, " +
        "unless purge=true, which deletes them and their metrics too. A persona created later with the same id starts empty.",
      request: { params: IdParam, query: DeletePersonaQuery },
      responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const purge = c.req.valid("query").purge === "true";
      if (!(await getPersona(c.var.db, id))) throw notFound("persona", id);
      const report = unwrapRpc(await personaAgent(c.env, id).erasePersona(id, purge));
      logEvent("persona.deleted", { ...report });
      return c.body(null, 204);
    },
  );
