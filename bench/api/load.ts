// One autocannon run, reduced to the figures the suite prints. Throughput counts only 2xx
// responses, so a route that starts failing under load cannot look fast.
import autocannon from "autocannon";
import { round } from "../lib/stats.ts";

export interface LoadSpec {
  title: string;
  url: string;
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
}

export interface LoadResult {
  title: string;
  connections: number;
  seconds: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

export async function load(spec: LoadSpec): Promise<LoadResult> {
  const r = await autocannon({
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 10,
  });
  return {
    title: spec.title,
    connections: spec.connections,
    seconds: r.duration,
    requests: r.requests.total,
    ok: r["2xx"],
    non2xx: r.non2xx,
    errors: r.errors,
    rps: round(r["2xx"] / r.duration, 1),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    meanMs: round(r.latency.average, 1),
  };
}

export const describe = (r: LoadResult) =>
  `${r.title.padEnd(30)} ${String(r.rps).padStart(8)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  (${r.ok} ok, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.connections} connections, ${r.seconds} s)`;

/**
 * One route's rounds as one result: throughput over all of them (2xx / seconds), the median of
 * the rounds' p50 and the worst p99. Rounds of several routes taken in turn see the same
 * neighbours' noise, which one long run per route does not.
 */
export function combine(rounds: LoadResult[]): LoadResult {
  const first = rounds[0];
  if (!first) throw new Error("combine: no rounds");
  const sum = (f: (r: LoadResult) => number) => rounds.reduce((n, r) => n + f(r), 0);
  const p50s = rounds.map((r) => r.p50Ms).sort((a, b) => a - b);
  const seconds = sum((r) => r.seconds);
  const ok = sum((r) => r.ok);
  return {
    title: first.title,
    connections: first.connections,
    seconds: round(seconds, 2),
    requests: sum((r) => r.requests),
    ok,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    rps: round(ok / seconds, 1),
    p50Ms: p50s[Math.floor((p50s.length - 1) / 2)] ?? first.p50Ms,
    p99Ms: Math.max(...rounds.map((r) => r.p99Ms)),
    meanMs: round(
      sum((r) => r.meanMs * r.requests) /
        Math.max(
          1,
          sum((r) => r.requests),
        ),
      1,
    ),
  };
}
