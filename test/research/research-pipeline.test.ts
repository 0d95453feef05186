import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { beforeEach, describe, expect, inject, it } from "vitest";
import type { PersonaAgentForTests as PersonaAgent } from "../support/persona-agent-test.ts";
import { agentOf } from "../support/persona-agent.ts";
import { settings } from "../../workers/settings/index.ts";
import { services } from "../../workers/services.ts";
import type { GenerationBrief } from "../../workers/providers/llm/brief.ts";
import { SearchTrendResearcher } from "../../workers/providers/trends/searched.ts";
import { readSearchCounters } from "../../workers/research/counters.ts";
import { createPersona, submitTask, waitForTask } from "../support/helpers.ts";
import type { TaskView } from "../support/helpers.ts";
import { withVars } from "../support/with-vars.ts";

const PERSONA = "calm-founder";
const root = inject("searxngUrl");
const agent = () => agentOf(PERSONA);
const requestsTo = async (segment: string) =>
  ((await (await fetch(`${root}/__requests/${segment}`)).json()) as string[]).length;
const researchStep = (t: TaskView) => t.steps.find((s) => s.name === "trend_research");

/**
 * Rebuilds the agent's providers from env with these vars, as a deploy with them would, and
 * records the trend each writer call receives.
 */
async function configureAgent(vars: Record<string, string>): Promise<{ trends: GenerationBrief["trend"][] }> {
  const seen: { trends: GenerationBrief["trend"][] } = { trends: [] };
  await runInDurableObject(agent(), (instance: PersonaAgent) => {
    const e = withVars(vars);
    const real = services(e).providers;
    instance.providers = {
      ...real,
      llm: {
        name: real.llm.name,
        async complete(req) {
          seen.trends.push(req.brief.trend ?? null);
          return real.llm.complete(req);
        },
      },
    };
  });
  return seen;
}

beforeEach(async () => {
  await agent().savedSteps("warm-up"); // eviction needs a running instance
  await evictDurableObject(agent());
});

describe("trend_research through the API and the queue", () => {
  it("drops a researched snippet that carries prompt injection, with a warning, and still writes the post", async () => {
    const seen = await configureAgent({ SEARXNG_URL: `${root}/injected` });
    await createPersona({ topics: ["remote teams"] });
    const task = await waitForTask(await submitTask({ persona_id: PERSONA, topic: "remote work" }));
    expect(task.status).toBe("succeeded");
    const detail = researchStep(task)?.detail ?? {};
    // The injected result is dropped; the writer may still get another, clean trend.
    expect(String(detail.snippet ?? "")).not.toMatch(/ignore|casino/i);
    // Either the relevance filter passed over the injected result, or the guardrail dropped it with a warning.
    const warnings = (detail.warnings ?? []) as string[];
    for (const w of warnings.filter((x) => x.startsWith("dropped")))
      expect(w).toMatch(/^dropped the researched snippet: prompt_injection \(asks to ignore instructions \(en\)/);
    expect(JSON.stringify(seen.trends)).not.toContain("casino");
  });

  it("hands the writer the trend closest to the topic, with a short excerpt, and caches the search", async () => {
    const seen = await configureAgent({ SEARXNG_URL: `${root}/ok-pipeline` });
    await createPersona({ topics: ["remote teams", "burnout"] });
    const task = await waitForTask(await submitTask({ persona_id: PERSONA, topic: "remote work" }));
    expect(task.status).toBe("succeeded");
    const detail = researchStep(task)?.detail ?? {};
    // "four day week" is the strongest trend, but "return to office mandates" is the one about remote work.
    expect(detail).toMatchObject({
      research: "on",
      source: "searxng",
      cached: false,
      trend: "return to office mandates",
      warnings: [],
    });
    expect(detail.relevance as number).toBeGreaterThanOrEqual(0.34);
    expect(String(detail.snippet).length).toBeLessThanOrEqual(200);
    expect(detail.snippet).toMatch(/return[- ]to[- ]office/i);
    expect(detail.candidates).toContain("four day week");
    expect(seen.trends[0]).toEqual({ topic: "return to office mandates", snippet: detail.snippet });
    expect(await requestsTo("ok-pipeline")).toBe(1);
    // The search asked SearXNG for this week's results.
    const [logged] = (await (await fetch(`${root}/__requests/ok-pipeline`)).json()) as string[];
    expect(logged).toContain("time_range=week");

    const again = await waitForTask(await submitTask({ persona_id: PERSONA, topic: "Remote work" }));
    expect(researchStep(again)?.detail).toMatchObject({
      source: "searxng",
      cached: true,
      trend: "return to office mandates",
    });
    expect(await requestsTo("ok-pipeline")).toBe(1);
    expect(await readSearchCounters(drizzle(env.DB))).toEqual([
      { source: "searxng", outcome: "hit", count: 1 },
      { source: "searxng", outcome: "miss", count: 1 },
    ]);
  });

  it("an outage of SearXNG leaves the task succeeded, with a warning and offline trends", async () => {
    await configureAgent({ SEARXNG_URL: `${root}/broken-pipeline` });
    await createPersona();
    const task = await waitForTask(await submitTask({ persona_id: PERSONA, topic: "pricing your first SaaS" }));
    expect(task.status).toBe("succeeded");
    expect(task.post_id).not.toBeNull();
    const step = researchStep(task);
    expect(step).toMatchObject({ status: "succeeded", attempt: 1 });
    expect(step?.detail).toMatchObject({ research: "on", source: "offline" });
    const warnings = step?.detail?.warnings as string[];
    expect(warnings[0]).toMatch(/^searxng unavailable: searxng: .*500/);
    expect(warnings).toContain("using offline results instead");
    // The offline source's trends are used only when one is relevant to the topic; else it says so.
    const trend = step?.detail?.trend as string | null;
    if (trend === null)
      expect(warnings.some((w) => /^no trend relevant to 'pricing your first SaaS'/.test(w))).toBe(true);
    else expect(step?.detail?.relevance as number).toBeGreaterThanOrEqual(0.34);
    expect(await requestsTo("broken-pipeline")).toBe(1);
    expect(await readSearchCounters(drizzle(env.DB))).toEqual([
      { source: "offline", outcome: "miss", count: 1 },
      { source: "searxng", outcome: "error", count: 1 },
    ]);
  });

  it("a timeout is an outage too: the task still succeeds", async () => {
    await configureAgent({ SEARXNG_URL: `${root}/slow-pipeline`, SEARCH_TIMEOUT_MS: "200" });
    await createPersona();
    const task = await waitForTask(await submitTask({ persona_id: PERSONA, topic: "pricing" }));
    expect(task.status).toBe("succeeded");
    expect((researchStep(task)?.detail?.warnings as string[] | undefined)?.[0]).toMatch(
      /searxng unavailable: .*200 ms/,
    );
  });

  it("with research switched off, searches nothing and uses only the task's trend_snippet", async () => {
    const seen = await configureAgent({ SEARXNG_URL: `${root}/ok-off` });
    await createPersona({ research_enabled: false });
    const bare = await waitForTask(await submitTask({ persona_id: PERSONA, topic: "remote work" }));
    expect(bare.status).toBe("succeeded");
    expect(researchStep(bare)?.detail).toMatchObject({ research: "off", source: "none", trend: null });
    const given = await waitForTask(
      await submitTask({
        persona_id: PERSONA,
        topic: "remote work",
        trend_snippet: "Four-day weeks are spreading. Trials keep output steady.",
      }),
    );
    expect(researchStep(given)?.detail).toMatchObject({
      research: "off",
      source: "task",
      trend: "Four-day weeks are spreading",
    });
    expect(seen.trends.at(-1)).toEqual({
      topic: "Four-day weeks are spreading",
      snippet: "Four-day weeks are spreading. Trials keep output steady.",
    });
    expect(await requestsTo("ok-off")).toBe(0);
    expect(await readSearchCounters(drizzle(env.DB))).toEqual([]);
  });

  it("uses the offline source by default (no SEARXNG_URL)", async () => {
    await createPersona();
    const task = await waitForTask(await submitTask({ persona_id: PERSONA, topic: "pricing" }));
    expect(researchStep(task)?.detail).toMatchObject({
      research: "on",
      source: "offline",
      cached: false,
      warnings: [],
    });
    expect(researchStep(task)?.detail?.trend).toEqual(expect.any(String));
  });
});

describe("choosing the search source", () => {
  const researcher = (vars: Record<string, string>) => {
    const e = withVars(vars);
    const trends = services(e).providers.trends;
    if (!(trends instanceof SearchTrendResearcher)) throw new Error("expected the search researcher");
    return trends;
  };

  it("picks SearXNG when SEARXNG_URL is set, offline otherwise or when asked", () => {
    expect(researcher({}).providerFor({}).name).toBe("offline");
    expect(researcher({ SEARXNG_URL: "http://localhost:8888" }).providerFor({}).name).toBe("searxng");
    expect(researcher({ SEARXNG_URL: "http://localhost:8888", SEARCH_PROVIDER: "offline" }).providerFor({}).name).toBe(
      "offline",
    );
  });

  it("uses the Threads keyword search only when a persona's token is supplied", () => {
    const r = researcher({ SEARXNG_URL: "http://localhost:8888" });
    expect(r.providerFor({ threadsAccessToken: null }).name).toBe("searxng");
    expect(r.providerFor({ threadsAccessToken: "THREADS-USER-TOKEN" }).name).toBe("threads");
  });

  it("reports bad search settings as config problems", () => {
    const config = settings(withVars({ SEARXNG_URL: "localhost:8888", SEARCH_CACHE_TTL_SECONDS: "soon" }));
    expect(config.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SEARXNG_URL must be an http\(s\) URL/),
        expect.stringMatching(/^SEARCH_CACHE_TTL_SECONDS must be an integer/),
      ]),
    );
    expect(config.research.cacheTtlSeconds).toBe(3600);
  });
});
