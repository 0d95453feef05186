import { createRoute, z } from "@hono/zod-openapi";
import { getPersona } from "../db/personas.ts";
import { TASK_STATUSES } from "../db/schema/index.ts";
import { finishTask, getTask, getTaskByIdempotencyKey, insertTaskIfAllowed, listSteps, listStepsOf, listTasks } from "../db/tasks.ts";
import { AppError, badRequest, notFound } from "../errors.ts";
import { enqueueGenerate } from "../queue/messages.ts";
import { Limit, Slug, bearer, errorResponses, json } from "./schemas/common.ts";
import { CreateTask, Task, TaskAccepted, taskJson } from "./schemas/tasks.ts";
import { newRouter } from "./router.ts";
import { streamTaskEvents } from "./task-events.ts";
import { currentSteps } from "./task-steps.ts";

const TaskIdParam = z.object({ id: z.string().min(1).max(100) });

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export const tasksApi = newRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["tasks"],
      security: bearer,
      description: "Queues a generation task. A repeat with the same Idempotency-Key returns the first task.",
      request: {
        headers: z.object({ "idempotency-key": z.string().min(1).max(200).optional() }),
        body: { ...json(CreateTask), required: true },
      },
      responses: { 202: { description: "Queued", ...json(TaskAccepted) }, ...errorResponses(400, 401, 404, 422, 503) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const key = c.req.valid("header")["idempotency-key"] ?? null;
      const db = c.var.db;
      const requestHash = await sha256Hex(JSON.stringify(body));
      const id = `tsk_${crypto.randomUUID().replaceAll("-", "")}`;
      const input = { topic: body.topic ?? null, pain_statement: body.pain_statement ?? null, trend_snippet: body.trend_snippet ?? null };
      // One D1 round trip when it works: the persona and topic checks and the key are inside the insert.
      const task = await insertTaskIfAllowed(db, { id, personaId: body.persona_id, publish: body.publish, input, idempotencyKey: key, requestHash, hasTopic: !!body.topic }, Date.now());
      if (!task) {
        // Refused: a repeat (or a concurrent twin) of a keyed request, or the persona check failed.
        const prior = key ? await getTaskByIdempotencyKey(db, key) : null;
        if (prior) return replay(prior.requestHash, requestHash, prior.id, prior.status);
        const persona = await getPersona(db, body.persona_id);
        if (!persona) throw new AppError("not_found", `persona_id: no persona '${body.persona_id}'`, { field: "persona_id" });
        if (!body.topic && persona.topics.length === 0) throw badRequest("topic", "required when the persona has no topics");
        throw new AppError("internal", "task could not be created");
      }
      try {
        await enqueueGenerate(c.env.GENERATE_QUEUE, { task_id: task.id, persona_id: body.persona_id });
      } catch (err) {
        await finishTask(db, task.id, { status: "failed", error: `could not queue: ${String(err)}` }, Date.now());
        throw new AppError("unavailable", "the generation queue is unavailable; try again");
      }
      return c.json({ task_id: task.id, status: task.status }, 202);

      function replay(priorHash: string | null, hash: string, taskId: string, status: (typeof TASK_STATUSES)[number]) {
        if (priorHash !== hash) throw new AppError("unprocessable", "Idempotency-Key was already used with a different request body", { field: "Idempotency-Key" });
        c.header("Idempotent-Replayed", "true");
        return c.json({ task_id: taskId, status }, 202);
      }
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["tasks"],
      security: bearer,
      request: { query: z.object({ persona_id: Slug.optional(), status: z.enum(TASK_STATUSES).optional(), limit: Limit }) },
      responses: { 200: { description: "Recent tasks, newest first", ...json(z.object({ data: z.array(Task) })) }, ...errorResponses(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const rows = await listTasks(c.var.db, { personaId: q.persona_id, status: q.status, limit: q.limit });
      const steps = await listStepsOf(c.var.db, rows.map((t) => t.id));
      const data = rows.map((t) => taskJson(t, steps.get(t.id) ?? []));
      return c.json({ data }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["tasks"],
      security: bearer,
      request: { params: TaskIdParam },
      responses: { 200: { description: "Status and every step with timings", ...json(Task) }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const task = await getTask(c.var.db, id);
      if (!task) throw notFound("task", id);
      return c.json(taskJson(task, await currentSteps(c.env, c.var.db, task)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/events",
      tags: ["tasks"],
      security: bearer,
      description: "Server-Sent Events: a `step` event per step change, then one `done` event with the terminal status.",
      request: { params: TaskIdParam },
      responses: { 200: { description: "text/event-stream", content: { "text/event-stream": { schema: z.string() } } }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await getTask(c.var.db, id))) throw notFound("task", id);
      return streamTaskEvents(c, id);
    },
  );
