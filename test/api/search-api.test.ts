import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, inject, it } from "vitest";
import worker from "../../workers/index.ts";
import { readSearchCounters } from "../../workers/research/counters.ts";
import { API_KEY, BASE, api } from "../support/helpers.ts";
import { withVars } from "../support/with-vars.ts";

const root = inject("searxngUrl");
const requestsTo = async (segment: string) =>
  ((await (await fetch(`${root}/__requests/${segment}`)).json()) as string[]).length;

/** Calls the Worker with SEARXNG_URL pointing at one of the fake SearXNG's behaviours, and waits for its waitUntil work. */
async function post(path: string, body: unknown, vars: Record<string, string>): Promise<Response> {
  const ctx = createExecutionContext();
  // An incoming request as the runtime would hand it to the Worker (cf properties are not read here).
  const req = new Request<unknown, IncomingRequestCfProperties>(`${BASE}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const res = await worker.fetch(req, withVars(vars), ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

interface TrendsBody {
  trends: { topic: string; score: number; mentions: number; sources: { url: string }[]; excerpt: string | null }[];
  source: string;
  cached: boolean;
  stale: boolean;
  warnings: string[];
}

describe("POST /v1/search/trends against SearXNG", () => {
  it("finds phrases repeated across results, and a repeat inside the TTL does not call SearXNG", async () => {
    const vars = { SEARXNG_URL: `${root}/ok-api` };
    const first = await post("/v1/search/trends", { topic: "remote work", limit: 5 }, vars);
    expect(first.status).toBe(200);
    const a = (await first.json()) as TrendsBody;
    expect(a).toMatchObject({ source: "searxng", cached: false, stale: false, timeframe: "week" });
    // "Four-day week" and "four day week" across three outlets are one phrase.
    expect(a.trends[0]).toMatchObject({ topic: "four day week", mentions: 3 });
    expect(a.trends.map((t) => t.topic)).toContain("return to office mandates");
    expect(a.trends.length).toBeLessThanOrEqual(5);

    const second = (await (
      await post("/v1/search/trends", { topic: "  Remote Work ", limit: 5 }, vars)
    ).json()) as TrendsBody;
    expect(second.cached).toBe(true);
    expect(second.trends).toEqual(a.trends);
    expect(await requestsTo("ok-api")).toBe(1);

    // Another timeframe is another cache entry.
    await post("/v1/search/trends", { topic: "remote work", timeframe: "month" }, vars);
    expect(await requestsTo("ok-api")).toBe(2);

    expect(await readSearchCounters(drizzle(env.DB))).toEqual([
      { source: "searxng", outcome: "hit", count: 1 },
      { source: "searxng", outcome: "miss", count: 2 },
    ]);
  });

  it("degrades to the offline source with warnings when SearXNG is down, or fails clearly when strict", async () => {
    const vars = { SEARXNG_URL: `${root}/broken-api` };
    const soft = (await (await post("/v1/search/trends", { topic: "remote work" }, vars)).json()) as TrendsBody;
    expect(soft.source).toBe("offline");
    expect(soft.trends.length).toBeGreaterThan(0);
    expect(soft.warnings[0]).toMatch(/^searxng unavailable: searxng: .*500/);

    const strict = await post("/v1/search/trends", { topic: "remote work", strict: true }, vars);
    expect(strict.status).toBe(502);
    const err = (await strict.json()) as { error: { code: string; message: string; details: { kind: string } } };
    expect(err.error).toMatchObject({ code: "upstream_error", details: { kind: "upstream" } });
    expect(err.error.message).toMatch(/^searxng: /);

    const html = await post(
      "/v1/search/trends",
      { topic: "remote work", strict: true },
      { SEARXNG_URL: `${root}/html-api` },
    );
    expect(((await html.json()) as { error: { message: string } }).error.message).toMatch(/json/i);

    expect(await readSearchCounters(drizzle(env.DB))).toEqual([
      { source: "offline", outcome: "miss", count: 1 },
      { source: "searxng", outcome: "error", count: 3 },
    ]);
  });
});

describe("POST /v1/search/competitive", () => {
  it("returns viral examples, hook pattern counts and common keywords", async () => {
    const res = await post(
      "/v1/search/competitive",
      { topic: "remote work" },
      { SEARXNG_URL: `${root}/ok-competitive-api` },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      sample_size: number;
      viral_examples: { url: string; hook: string; pattern: string }[];
      hook_patterns: { pattern: string; count: number }[];
      common_keywords: { keyword: string; count: number }[];
      source: string;
    };
    expect(body.source).toBe("searxng");
    expect(body.sample_size).toBe(4);
    expect(body.viral_examples).toHaveLength(4);
    expect(body.hook_patterns.reduce((n, p) => n + p.count, 0)).toBe(4);
    expect(body.hook_patterns.find((p) => p.pattern === "question")?.count).toBe(1);
    expect(body.common_keywords.map((k) => k.keyword)).toContain("office");
  });

  it("works offline by default (no SEARXNG_URL) and shares the cache with /trends", async () => {
    const first = await api("/v1/search/competitive", { method: "POST", json: { topic: "pricing" } });
    expect(first.status).toBe(200);
    const body = (await first.json()) as {
      source: string;
      cached: boolean;
      hook_patterns: { pattern: string; count: number }[];
    };
    expect(body).toMatchObject({ source: "offline", cached: false });
    expect(body.hook_patterns.filter((p) => p.count > 0).length).toBeGreaterThan(2);
    const trends = (await (
      await api("/v1/search/trends", { method: "POST", json: { topic: "pricing" } })
    ).json()) as TrendsBody;
    expect(trends).toMatchObject({ source: "offline", cached: true });
  });
});

describe("bad input", () => {
  const cases: [string, string, unknown][] = [
    ["/v1/search/trends", "topic", {}],
    ["/v1/search/trends", "topic", { topic: "   " }],
    ["/v1/search/trends", "topic", { topic: "x".repeat(281) }],
    ["/v1/search/trends", "topic", { topic: 42 }],
    ["/v1/search/trends", "limit", { topic: "ok", limit: 0 }],
    ["/v1/search/trends", "limit", { topic: "ok", limit: 51 }],
    ["/v1/search/trends", "limit", { topic: "ok", limit: 2.5 }],
    ["/v1/search/trends", "timeframe", { topic: "ok", timeframe: "decade" }],
    ["/v1/search/competitive", "topic", { topic: "" }],
    ["/v1/search/competitive", "examples", { topic: "ok", examples: 100 }],
  ];
  it.each(cases)("%s rejects a bad %s with a 400 naming it", async (path, field, json) => {
    const res = await api(path, { method: "POST", json });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message.startsWith(`${field}: `)).toBe(true);
  });

  it("names an unknown field, and needs the API key", async () => {
    const res = await api("/v1/search/trends", { method: "POST", json: { topic: "ok", topics: ["x"] } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/topics/);
    expect((await api("/v1/search/trends", { method: "POST", json: { topic: "ok" }, key: null })).status).toBe(401);
  });

  it("is in the OpenAPI spec", async () => {
    const spec = (await (await api("/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/v1/search/trends", "/v1/search/competitive"]));
  });
});
