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
