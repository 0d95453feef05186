import { createExecutionContext, env, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { PersonaAgentForTests as PersonaAgent } from "../support/persona-agent-test.ts";
import { SqliteStepStore } from "../../workers/durable/step-store.ts";
import { settings } from "../../workers/settings/index.ts";
import { getPersona } from "../../workers/db/personas.ts";
import { openDb } from "../../workers/db/client.ts";
import { spentOn } from "../../workers/db/llm-spend.ts";
import { getTask, insertTask } from "../../workers/db/tasks.ts";
import worker from "../../workers/index.ts";
import { utcDate } from "../../workers/kpis/stats.ts";
import { secondsUntilNextUtcDay } from "../../workers/limits/budget.ts";
import { createTelemetry } from "../../workers/metrics/telemetry.ts";
import { runPipeline } from "../../workers/pipeline/runner.ts";
import { seedPersona, seedPost, seedTask } from "../support/core-tables.ts";
import { agentOf } from "../support/persona-agent.ts";

// Limits (README "Limits"): a burst beyond them is refused with 429 + Retry-After in the standard
// envelope, and nothing stored before the burst changes.

const BURST_KEY = "burst-test-key";

/** The real Worker with some bindings/vars swapped: its own key and, by default, the small limiter. */
function envWith(over: Record<string, unknown>): Env {
  return new Proxy(env, {
    get: (target, key) => (typeof key === "string" && key in over ? over[key] : Reflect.get(target, key)),
  });
}

async function call(
  e: Env,
  key: string,
  path: string,
  init: { method?: string; json?: unknown } = {},
): Promise<Response> {
  const headers = new Headers({ authorization: `Bearer ${key}` });
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const req = new Request(`http://agent.test${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.json === undefined ? null : JSON.stringify(init.json),
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(req as Request<unknown, IncomingRequestCfProperties>, e, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Everything stored for a persona, as text, to compare before and after a burst. */
async function snapshot(personaId: string): Promise<string> {
  const posts = await env.DB.prepare("SELECT * FROM posts WHERE persona_id = ? ORDER BY id").bind(personaId).all();
  const tasks = await env.DB.prepare(
    "SELECT id, status, input, post_id, created_at FROM tasks WHERE persona_id = ? AND id LIKE 'tsk_seed%' ORDER BY id",
  )
    .bind(personaId)
    .all();
  return JSON.stringify({ posts: posts.results, tasks: tasks.results });
}

async function seedHistory(personaId: string): Promise<void> {
  await seedPersona(personaId);
  await env.DB.prepare("UPDATE personas SET topics = '[\"pricing\"]' WHERE id = ?").bind(personaId).run();
  const t0 = Date.now() - 3_600_000;
  for (let i = 0; i < 3; i++) {
    await seedTask({
      id: `tsk_seed${i}`,
      persona_id: personaId,
      status: "succeeded",
      created_at: t0 + i,
      finished_at: t0 + i + 1,
    });
    await seedPost({
      id: `pst_seed${i}`,
      persona_id: personaId,
      task_id: `tsk_seed${i}`,
      created_at: t0 + i,
      cost_usd: 0.001,
    });
  }
}

const countStatuses = (responses: Response[]) => {
  const out: Record<number, number> = {};
  for (const r of responses) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
};

describe("request rate per API key", () => {
  it("refuses a burst past the window with 429 + Retry-After and keeps what was stored", async () => {
    await seedHistory("burst-rate");
    const before = await snapshot("burst-rate");
    const e = envWith({ API_KEY: BURST_KEY, API_RATE_LIMITER: env.BURST_RATE_LIMITER });

    const sent = 60; // the burst limiter allows 40 a minute (vitest.config.ts)
    // The limiter's windows are aligned to the wall clock (miniflare's ratelimit object:
    // epoch = floor(now / period)): start early in one, so the burst and the GET after it
    // cannot fall into two windows on a loaded machine.
    const into = Date.now() % 60_000;
    if (into > 40_000) await new Promise((r) => setTimeout(r, 60_000 - into + 200));
    const responses = await Promise.all(
      Array.from({ length: sent }, () =>
        call(e, BURST_KEY, "/v1/tasks", { method: "POST", json: { persona_id: "burst-rate", publish: "draft" } }),
      ),
    );
    const counts = countStatuses(responses);
    const refused = responses.filter((r) => r.status === 429);
    console.log(
      JSON.stringify({ test: "rate-burst", sent, counts, retry_after: refused[0]?.headers.get("retry-after") }),
    );
    expect(counts[202]).toBe(40);
    expect(counts[429]).toBe(20);
    expect(refused.every((r) => r.headers.get("retry-after") === "60")).toBe(true);
    const body = (await refused[0]!.json()) as {
      error: { code: string; message: string; details: { limit: string }; request_id: string };
    };
    expect(body.error).toMatchObject({ code: "rate_limited", details: { limit: "api_key_request_rate" } });
    expect(body.error.request_id).toBe(refused[0]!.headers.get("x-request-id"));

    // GETs count too; another key has its own window.
    expect((await call(e, BURST_KEY, "/v1/personas")).status).toBe(429);
    expect(
      (
        await call(
          envWith({ API_KEY: "another-key", API_RATE_LIMITER: env.BURST_RATE_LIMITER }),
          "another-key",
          "/v1/personas",
        )
      ).status,
    ).toBe(200);

    const rows = await env.DB.prepare(
      "SELECT count(*) AS n FROM tasks WHERE persona_id = 'burst-rate' AND id NOT LIKE 'tsk_seed%'",
    ).first<{ n: number }>();
    expect(rows?.n).toBe(40); // exactly the accepted ones, none half-made
    expect(await snapshot("burst-rate")).toBe(before);
  }, 60_000);

  it("keys the window on a hash of the key, never the key itself", async () => {
    const seen: string[] = [];
    const spy = { limit: async (o: { key: string }) => (seen.push(o.key), { success: true }) };
    expect((await call(envWith({ API_KEY: BURST_KEY, API_RATE_LIMITER: spy }), BURST_KEY, "/v1/personas")).status).toBe(
      200,
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^api-key:[0-9a-f]{64}$/);
    expect(seen[0]).not.toContain(BURST_KEY);
  });
});

describe("queued tasks per persona", () => {
  it("accepts exactly MAX_QUEUED_TASKS_PER_PERSONA concurrent tasks and refuses the rest with 429", async () => {
    await seedHistory("burst-cap");
    const before = await snapshot("burst-cap");
    const e = envWith({ MAX_QUEUED_TASKS_PER_PERSONA: "5" });
    const sent = 25;
    const responses = await Promise.all(
      Array.from({ length: sent }, () =>
        call(e, "test-api-key", "/v1/tasks", { method: "POST", json: { persona_id: "burst-cap", publish: "draft" } }),
      ),
    );
    const counts = countStatuses(responses);
    const refused = responses.filter((r) => r.status === 429);
    console.log(
      JSON.stringify({ test: "persona-cap-burst", sent, counts, retry_after: refused[0]?.headers.get("retry-after") }),
    );
    // Tasks may finish while the burst runs and free a place, so at least the cap, never a flood.
    expect(counts[202]).toBeGreaterThanOrEqual(5);
    expect(counts[202]).toBeLessThan(sent);
    expect(refused.length).toBe(sent - counts[202]!);
    expect(refused.every((r) => r.headers.get("retry-after") === "30")).toBe(true);
    const body = (await refused[0]!.json()) as {
      error: { code: string; message: string; details: Record<string, unknown> };
    };
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(
      /^persona_id: persona 'burst-cap' already has \d+ queued or running tasks \(MAX_QUEUED_TASKS_PER_PERSONA is 5\)/,
    );
    expect(body.error.details).toMatchObject({ field: "persona_id", limit: "persona_queued_tasks", max: 5 });
    expect(await snapshot("burst-cap")).toBe(before);
  });

  it("still tells an unknown persona (404) and a missing topic (400) apart from the cap", async () => {
    expect(
      (
        await call(env, "test-api-key", "/v1/tasks", {
          method: "POST",
          json: { persona_id: "nobody-here", publish: "draft" },
        })
      ).status,
    ).toBe(404);
    await seedPersona("no-topics");
    const res = await call(env, "test-api-key", "/v1/tasks", {
      method: "POST",
      json: { persona_id: "no-topics", publish: "draft" },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^topic:/);
  });
});

describe("daily LLM budget", () => {
  it("refuses new tasks with 429 until 00:00 UTC once today's spend reached the budget", async () => {
    await seedHistory("burst-budget");
    const before = await snapshot("burst-budget");
    const now = Date.now();
    await env.DB.prepare("INSERT INTO llm_spend (day, cost_usd, calls, updated_at) VALUES (?, 5.25, 1, ?)")
      .bind(utcDate(now), now)
      .run();
    try {
      const res = await call(env, "test-api-key", "/v1/tasks", {
        method: "POST",
        json: { persona_id: "burst-budget", publish: "draft" },
      });
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(Math.abs(retryAfter - secondsUntilNextUtcDay(Date.now()))).toBeLessThanOrEqual(2);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.message).toMatch(/^daily LLM budget of \$5\.00 reached \(\$5\.25 spent today, UTC\)/);
      // A higher budget lets work through again.
      expect(
        (
          await call(envWith({ DAILY_LLM_BUDGET_USD: "10" }), "test-api-key", "/v1/tasks", {
            method: "POST",
            json: { persona_id: "burst-budget", publish: "draft" },
          })
        ).status,
      ).toBe(202);
    } finally {
      await env.DB.prepare("DELETE FROM llm_spend").run();
    }
    expect(await snapshot("burst-budget")).toBe(before);
  });

  it("stops a running task before the billed call that would go past the budget, with a clear reason", async () => {
    const db = openDb(env.DB);
    await seedPersona("budget-run");
    await insertTask(
      db,
      {
        id: "tsk_budget_run",
        personaId: "budget-run",
        publish: "draft",
        input: { topic: "pricing" },
        idempotencyKey: null,
        requestHash: null,
      },
      Date.now(),
    );
    const task = (await getTask(db, "tsk_budget_run"))!;
    const stub = agentOf("budget-run");
    // A billed model (the offline writer answering under gpt-4o's name, at a price that makes the
    // hook alone cost more than $1), so the body call must not happen.
    const base = settings(env);
    const budgeted = {
      ...base,
      generation: {
        ...base.generation,
        hookModel: "gpt-4o",
        bodyModel: "gpt-4o",
        priceOverrides: { "gpt-4o": { input: 20_000, output: 20_000 } },
      },
      limits: { ...base.limits, dailyLlmBudgetUsd: 1 },
    };
    const outcome = await runInDurableObject(stub, async (instance: PersonaAgent, state) => {
      const calls: string[] = [];
      const real = instance.providers;
      const providers = {
        ...real,
        llm: {
          name: real.llm.name,
          complete: async (req: Parameters<typeof real.llm.complete>[0]) => (
            calls.push(req.brief.kind), { ...(await real.llm.complete(req)), model: req.model }
          ),
        },
      };
      const result = await runPipeline(
        {
          env,
          settings: budgeted,
          providers,
          db,
          task,
          persona: await getPersona(db, "budget-run"),
          now: Date.now,
          telemetry: createTelemetry(env),
          vectors: instance.vectors,
        },
        new SqliteStepStore(state.storage.sql),
        1,
      );
      return { result, calls };
    });
    expect(outcome.calls).toEqual(["hook"]);
    expect(outcome.result.status).toBe("failed");
    expect("error" in outcome.result && outcome.result.error).toMatch(
      /^daily LLM budget of \$1\.00 reached \(\$\d+\.\d\d spent today, UTC\)/,
    );
    expect(await spentOn(db, utcDate(Date.now()))).toBeGreaterThan(1);
    await env.DB.prepare("DELETE FROM llm_spend").run();
  });
});
