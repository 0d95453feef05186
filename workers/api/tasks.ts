import { createRoute, z } from "@hono/zod-openapi";
import { personaFor } from "../access/principal.ts";
import { TASK_STATUSES } from "../db/schema/index.ts";
import { getTask, getTaskByIdempotencyKey, listStepsOf, listTasks } from "../db/tasks.ts";
import { AppError, badRequest, notFound } from "../errors.ts";
import { budgetReachedMessage, secondsUntilNextUtcDay } from "../limits/budget.ts";
import { PERSONA_CAP_RETRY_AFTER_SECONDS, rateLimited } from "../limits/refusal.ts";
import { createTask } from "../pipeline/create-task.ts";
import { Limit, Slug, bearer, errorResponses, json, safeString } from "./schemas/common.ts";
import { CreateTask, Task, TaskAccepted, taskJson } from "./schemas/tasks.ts";
import { newRouter } from "./router.ts";
import { streamTaskEvents } from "./task-events.ts";
import { currentSteps } from "./task-steps.ts";
import { sha256Hex } from "../text/sha256.ts";
import { sourceItemFor } from "./task-source.ts";

const TaskIdParam = z.object({ id: safeString().min(1).max(100) });

export const tasksApi = newRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["tasks"],
      security: bearer,
      description: "Queues a generation task. A repeat with the same Idempotency-Key returns the first task.",
      request: {
        headers: z.object({ "idempotency-key": safeString().min(1).max(200).optional() }),
        body: { ...json(CreateTask), required: true },
      },
      responses: {
        202: { description: "Queued", ...json(TaskAccepted) },
        ...errorResponses(400, 401, 404, 422, 429, 503),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const key = c.req.valid("header")["idempotency-key"] ?? null;
      const db = c.var.db;
      const requestHash = await sha256Hex(JSON.stringify(body));
      if (key) {
        const prior = await getTaskByIdempotencyKey(db, key);
        if (prior) return replay(prior.requestHash, requestHash, prior.id, prior.status);
      }
      const item = await sourceItemFor(c.env, db, c.var.settings, body);
      const input = {
        topic: body.topic ?? item?.topic ?? null,
        pain_statement: body.pain_statement ?? null,
        trend_snippet: body.trend_snippet ?? null,
        ...(item ? { source_item_id: item.id } : {}),
      };
      const now = Date.now();
      const cap = c.var.settings.limits;
      // One statement checks the persona, its open-task cap and the day's budget, and inserts;
      // then the message is queued (a queue failure fails the task and answers 503).
      const result = await createTask(
        c.env,
        db,
        cap,
        {
          personaId: personaFor(c.var.principal, body.persona_id)!,
          publish: body.publish,
          input,
          idempotencyKey: key,
          requestHash,
        },
        now,
        { onQueueError: "fail" },
      );
      if (!result.ok) {
        switch (result.reason) {
          case "idempotency_key_taken": {
            // Lost a race with a concurrent request carrying the same key.
            const winner = key ? await getTaskByIdempotencyKey(db, key) : null;
            if (!winner) throw new AppError("internal", "task could not be created");
            return replay(winner.requestHash, requestHash, winner.id, winner.status);
          }
          case "no_persona":
            throw new AppError("not_found", `persona_id: no persona '${body.persona_id}'`, { field: "persona_id" });
          case "no_topic":
            throw badRequest("topic", "required when the persona has no topics");
          case "persona_cap":
            throw rateLimited(
              `persona_id: persona '${body.persona_id}' already has ${result.openTasks} queued or running tasks (MAX_QUEUED_TASKS_PER_PERSONA is ${cap.maxQueuedTasksPerPersona}); retry when some have finished`,
              PERSONA_CAP_RETRY_AFTER_SECONDS,
              {
                field: "persona_id",
                limit: "persona_queued_tasks",
                max: cap.maxQueuedTasksPerPersona,
                open: result.openTasks,
              },
            );
          case "daily_budget":
            throw rateLimited(
              budgetReachedMessage(cap.dailyLlmBudgetUsd, result.spentUsd),
              secondsUntilNextUtcDay(now),
              {
                limit: "daily_llm_budget",
                budget_usd: cap.dailyLlmBudgetUsd,
                spent_usd: result.spentUsd,
              },
            );
        }
      }
      const task = result.task;
      return c.json({ task_id: task.id, status: task.status }, 202);

      function replay(priorHash: string | null, hash: string, taskId: string, status: (typeof TASK_STATUSES)[number]) {
        if (priorHash !== hash)
          throw new AppError("unprocessable", "Idempotency-Key was already used with a different request body", {
            field: "Idempotency-Key",
          });
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
      request: {
        query: z.object({ persona_id: Slug.optional(), status: z.enum(TASK_STATUSES).optional(), limit: Limit }),
      },
      responses: {
        200: { description: "Recent tasks, newest first", ...json(z.object({ data: z.array(Task) })) },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const rows = await listTasks(c.var.db, {
        personaId: personaFor(c.var.principal, q.persona_id),
        status: q.status,
        limit: q.limit,
      });
      const steps = await listStepsOf(
        c.var.db,
        rows.map((t) => t.id),
      );
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
      responses: {
        200: { description: "Status and every step with timings", ...json(Task) },
        ...errorResponses(401, 404),
      },
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
      description:
        "Server-Sent Events: a `step` event per step change, then one `done` event with the terminal status.",
      request: { params: TaskIdParam },
      responses: {
        200: { description: "text/event-stream", content: { "text/event-stream": { schema: z.string() } } },
        ...errorResponses(401, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await getTask(c.var.db, id))) throw notFound("task", id);
      return streamTaskEvents(c, id);
    },
  );
