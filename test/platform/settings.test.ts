import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../workers/index.ts";
import { settings } from "../../workers/settings/index.ts";
import { parseEnv } from "../../workers/settings/parse.ts";
import { withVars } from "../support/with-vars.ts";

// One settings registry (workers/settings/registry.ts): every problem is reported by /health/ready and a bad
// setting never turns a route into a 500; production refuses local stand-ins.

async function get(e: Env, path: string, key: string | null = "test-api-key"): Promise<Response> {
  const ctx = createExecutionContext();
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const res = await worker.fetch(
    new Request(`http://agent.test${path}`, { headers }) as Request<unknown, IncomingRequestCfProperties>,
    e,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

type Ready = { status: string; ready: boolean; checks?: Record<string, { ok: boolean; detail: string }> };

describe("one settings schema", () => {
  it("parses once per env object", () => {
    const e = { DAILY_LLM_BUDGET_USD: "7" };
    expect(settings(e)).toBe(settings(e));
    expect(settings(e).limits.dailyLlmBudgetUsd).toBe(7);
  });

  it("reports every bad value by name and keeps the default for it", () => {
    const { values, problems } = parseEnv({
      DAILY_LLM_BUDGET_USD: "lots",
      MAX_QUEUED_TASKS_PER_PERSONA: "2.5",
      MODEL_PRICES: "{",
      REVENUE_MODEL: '{"kind":"magic"}',
      ENVIRONMENT: "prod",
      OPENAI_BASE_URL: "localhost:11434",
      SLACK_WEBHOOK_URL: "not-a-url-but-secret",
      DEDUP_WINDOW_DAYS: "30",
    });
    expect(problems).toHaveLength(7);
    for (const name of [
      "DAILY_LLM_BUDGET_USD",
      "MAX_QUEUED_TASKS_PER_PERSONA",
      "MODEL_PRICES",
      "REVENUE_MODEL",
      "ENVIRONMENT",
      "OPENAI_BASE_URL",
      "SLACK_WEBHOOK_URL",
    ]) {
      expect(
        problems.some((p) => p.startsWith(name)),
        name,
      ).toBe(true);
    }
    expect(problems.join()).not.toContain("not-a-url-but-secret"); // secrets are never echoed
    expect(values.DAILY_LLM_BUDGET_USD).toBeUndefined();
    expect(values.DEDUP_WINDOW_DAYS).toBe(30);
    const config = settings({ DAILY_LLM_BUDGET_USD: "lots", MAX_QUEUED_TASKS_PER_PERSONA: "0" });
    expect(config.limits).toMatchObject({ dailyLlmBudgetUsd: 5, maxQueuedTasksPerPersona: 100 });
  });

  it("a bad REVENUE_MODEL makes /health/ready not ready, naming it, while /v1/kpis and /metrics still answer 200", async () => {
    const e = withVars({ REVENUE_MODEL: '{"kind":"per_follower"}' });
    const ready = await get(e, "/health/ready");
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as Ready;
    expect(body.status).toBe("not_ready");
    expect(body.checks?.config?.detail).toMatch(/REVENUE_MODEL does not match; monthly_value_per_follower_usd/);
    expect((await get(e, "/health/ready", null)).status).toBe(503); // the status code, even without the key
    expect((await get(e, "/v1/kpis")).status).toBe(200);
    expect((await get(e, "/metrics")).status).toBe(200);
    expect((await get(withVars({ REVENUE_MODEL: "{not json" }), "/v1/kpis")).status).toBe(200);
  });

  it("reports a provider with no local simulator when not in production", async () => {
    for (const [vars, name] of [
      [{ LLM_PROVIDER: "workers-ai" }, "LLM_PROVIDER=workers-ai"],
      [{ EMBEDDING_PROVIDER: "workers-ai" }, "EMBEDDING_PROVIDER=workers-ai"],
      [{ VECTOR_INDEX: "vectorize" }, "VECTOR_INDEX=vectorize"],
    ] as const) {
      const body = (await (await get(withVars(vars), "/health/ready")).json()) as Ready;
      expect(body.ready, name).toBe(false);
      expect(body.checks?.config?.detail).toContain(`${name}: `);
      expect(body.checks?.config?.detail).toMatch(/no local simulator/);
    }
  });

  it("in production, local stand-ins and a missing THREADS_REDIRECT_URI are problems", () => {
    const local = settings({
      ENVIRONMENT: "production",
      EMBEDDING_PROVIDER: "offline",
      VECTOR_INDEX: "local",
      FAKE_THREADS_ENABLED: "true",
      THREADS_API_BASE: "http://x/fake-threads",
    });
    const text = local.problems.join("\n");
    expect(text).toMatch(/offline model/);
    expect(text).toMatch(/offline embedder/);
    expect(text).toMatch(/VECTOR_INDEX=vectorize/);
    expect(text).toMatch(/fake Threads API/);
    expect(text).toMatch(/needs THREADS_REDIRECT_URI/);
    const good = settings({
      ENVIRONMENT: "production",
      LLM_PROVIDER: "workers-ai",
      EMBEDDING_PROVIDER: "workers-ai",
      VECTOR_INDEX: "vectorize",
      THREADS_REDIRECT_URI: "https://agent.example/oauth/threads/callback",
    });
    expect(good.problems).toEqual([]);
    expect(good.environment).toBe("production");
  });

  it("the test environment itself is ready", async () => {
    const body = (await (await get(env, "/health/ready")).json()) as Ready;
    expect(body.checks?.config).toEqual({ ok: true, detail: "valid (development)" });
    expect(body.checks?.rate_limiter?.ok).toBe(true);
  });
});
