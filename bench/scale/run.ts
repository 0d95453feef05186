// Scale: how the cost of the product's routine work grows with personas and posts.
//   npm run bench -- --only scale [--quick]
// Per size (personas, posts with insights, seeded straight into local D1 by seed.ts), one line each:
// - cron: every-minute and quarter-hour ticks fired by hand; D1 queries and wall time of the
//   scheduled invocation and of every queue invocation it fanned out (the max is what must stay
//   far from Cloudflare's 1,000 queries per invocation, 50 on Free);
// - GET /v1/posts, GET /v1/kpis, GET /v1/reports/daily: p50/p95 of sequential requests;
// - D1 bytes per 100k posts (posts, their insights, personas, indexes) against the 10 GB limit.
// Once: a dedup check (POST /v1/personas/:id/dedup/check) against 100k vectors in the local index.
// Wall times come from wrangler dev --local on this machine (shared, 2 cores): read them as
// growth between sizes, not as production latency.
import { rmSync } from "node:fs";
import { BENCH_API_KEY } from "../lib/api.ts";
import { derivedConfig } from "../lib/config.ts";
import { percentile, round } from "../lib/stats.ts";
import { freePort, migratedState, startDev } from "../lib/wrangler.ts";
import { seedScale } from "./seed.ts";

export interface ScaleSize {
  personas: number;
  posts: number;
}

interface Invocation {
  kind: "scheduled" | "queue";
  name: string;
  messages: number;
  queries: number;
  ms: number;
}

export interface TickFigures {
  cron: string;
  scheduledQueries: number;
  scheduledMs: number;
  fanOutInvocations: number;
  maxQueriesPerInvocation: number;
  totalQueries: number;
  /** From firing the tick until the last invocation it caused ended. */
  wallMs: number;
  byQueue: Record<string, { invocations: number; messages: number; queries: number; maxQueries: number }>;
}

export interface Latency {
  p50Ms: number;
  p95Ms: number;
}

export interface ScaleRow extends ScaleSize {
  seedSeconds: number;
  d1Bytes: number;
  d1BytesPer100kPosts: number;
  /** Posts one 10 GB D1 database holds at this size's bytes per post. */
  postsAt10Gb: number;
  ticks: TickFigures[];
  posts_: Latency;
  kpis: Latency;
  dailyReport: Latency;
}

export interface ScaleBenchResult {
  measured: string;
  rows: ScaleRow[];
  dedup?: { vectors: number; reindexSeconds: number; check: Latency; matches: number };
  stoppedAt: string;
}

const TOKEN_KEY = "scale-bench-token-key";
// wrangler.toml [triggers] (workers/cron/index.ts CRON; not imported: it pulls in the whole Worker).
const TICKS = ["* * * * *", "*/15 * * * *"];
const D1_LIMIT_BYTES = 10 * 1024 ** 3;

export const SCALE_SIZES: ScaleSize[] = [
  { personas: 10, posts: 10_000 },
  { personas: 100, posts: 100_000 },
  { personas: 1_000, posts: 300_000 },
  { personas: 10_000, posts: 1_000_000 },
];

async function timed(url: string, init: RequestInit, n: number): Promise<Latency & { last: unknown }> {
  const times: number[] = [];
  let last: unknown;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, init);
    last = await res.json();
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${url}: ${res.status} ${JSON.stringify(last).slice(0, 300)}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: round(percentile(times, 0.5), 1), p95Ms: round(percentile(times, 0.95), 1), last };
}

async function invocations(url: string, reset = false): Promise<Invocation[]> {
  const res = await fetch(`${url}/__bench/invocations`, { method: reset ? "DELETE" : "GET" });
  return ((await res.json()) as { invocations: Invocation[] }).invocations;
}

/** Fires one cron tick and waits until the scheduled run and every queue batch it caused have ended. */
async function tick(url: string, cron: string, now: number): Promise<TickFigures> {
  await invocations(url, true);
  const t0 = Date.now();
  const res = await fetch(`${url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(cron)}&time=${now}`);
  if (!res.ok) throw new Error(`scheduled ${cron}: ${res.status}`);
  let seen = -1;
  let quietSince = Date.now();
  let list: Invocation[] = [];
  // Done when the scheduled run is recorded and nothing new ended for 4 s (queue batches wait ~1 s).
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    list = await invocations(url);
    if (list.length !== seen) {
      seen = list.length;
      quietSince = Date.now();
    } else if (list.some((i) => i.kind === "scheduled") && Date.now() - quietSince > 4_000) break;
    // Locally one workerd drains the cron queue a page at a time (~3-8 s a page on a loaded 2-core machine).
    if (Date.now() - t0 > 3_600_000) throw new Error(`tick ${cron}: still running after an hour`);
  }
  const scheduled = list.find((i) => i.kind === "scheduled") as Invocation;
  const queued = list.filter((i) => i.kind === "queue");
  const byQueue: TickFigures["byQueue"] = {};
  for (const q of queued) {
    const b = (byQueue[q.name] ??= { invocations: 0, messages: 0, queries: 0, maxQueries: 0 });
    b.invocations++;
    b.messages += q.messages;
    b.queries += q.queries;
    b.maxQueries = Math.max(b.maxQueries, q.queries);
  }
  return {
    cron,
    scheduledQueries: scheduled.queries,
    scheduledMs: scheduled.ms,
    fanOutInvocations: queued.length,
    maxQueriesPerInvocation: Math.max(scheduled.queries, ...queued.map((q) => q.queries)),
    totalQueries: list.reduce((s, i) => s + i.queries, 0),
    wallMs: Date.now() - t0 - 4_000,
    byQueue,
  };
}

const mb = (b: number) => `${(b / 1024 ** 2).toFixed(1)} MB`;

export async function runScaleBench(opts: {
  quick: boolean;
  sizes?: ScaleSize[];
  dedupVectors?: number;
  log: (line: string) => void;
}): Promise<ScaleBenchResult> {
  const { log } = opts;
  const sizes = opts.sizes ?? (opts.quick ? SCALE_SIZES.slice(0, 2) : SCALE_SIZES);
  const config = derivedConfig({ name: "wrangler.scale-counted.toml", main: "bench/scale/counting-worker.ts" });
  const rows: ScaleRow[] = [];
  const auth = { authorization: `Bearer ${BENCH_API_KEY}` };
  // A fixed clock: 05:00 UTC, two hours before no slot (09:00, 17:30 UTC): autopilot looks at every
  // persona and creates nothing, so the tick measures the cron's own cost, not the generation it
  // would start (the pipeline bench measures that; a created task adds ~2 queries to its page).
  const day = new Date();
  day.setUTCHours(5, 0, 0, 0);
  const now = day.getTime();
  let dedup: ScaleBenchResult["dedup"];
  const dedupVectors = opts.dedupVectors ?? 100_000;
  for (const [i, size] of sizes.entries()) {
    const withDedup = i === 0 && dedupVectors > 0;
    const state = migratedState();
    try {
      const seeded = await seedScale(state, {
        ...size,
        tokenKey: TOKEN_KEY,
        now,
        extraPersona: withDedup ? { id: "scale-dedup", posts: dedupVectors } : undefined,
      });
      const postBytes = seeded.bytes - seeded.bytesEmpty;
      const perPost = postBytes / size.posts;
      const port = await freePort();
      const server = await startDev({
        name: `scale-${size.personas}`,
        config,
        state,
        port,
        vars: {
          API_KEY: BENCH_API_KEY,
          TOKEN_ENCRYPTION_KEY: TOKEN_KEY,
          LLM_PROVIDER: "offline",
          FAKE_THREADS_ENABLED: "true",
          THREADS_API_BASE: `http://127.0.0.1:${port}/fake-threads`,
          // Every tick must do its work here, not wait for a later one.
          MAX_QUEUED_TASKS_PER_PERSONA: "100000",
        },
      });
      try {
        const ticks: TickFigures[] = [];
        for (const cron of TICKS) {
          const t = await tick(server.url, cron, now);
          ticks.push(t);
          const queues = Object.entries(t.byQueue)
            .map(([q, b]) => `${q} ${b.invocations} inv/${b.messages} msg/${b.queries} q (max ${b.maxQueries})`)
            .join(", ");
          log(
            `${size.personas} personas, cron "${t.cron}": scheduled invocation ${t.scheduledQueries} D1 queries, ${t.scheduledMs} ms; fanned out to ${t.fanOutInvocations} queue invocations${queues ? ` (${queues})` : ""}; max ${t.maxQueriesPerInvocation} queries per invocation, ${t.totalQueries} in all, ${t.wallMs} ms until done`,
          );
        }
        const n = opts.quick ? 10 : 20;
        const get = { method: "GET", headers: auth };
        const posts_ = await timed(`${server.url}/v1/posts?limit=20`, get, n);
        const kpis = await timed(`${server.url}/v1/kpis`, get, n);
        const yesterday = new Date(now - 86_400_000).toISOString().slice(0, 10);
        const dailyReport = await timed(`${server.url}/v1/reports/daily?date=${yesterday}`, get, n);
        const row: ScaleRow = {
          ...size,
          seedSeconds: round(seeded.seconds, 1),
          d1Bytes: seeded.bytes,
          d1BytesPer100kPosts: Math.round(perPost * 100_000),
          postsAt10Gb: Math.round(D1_LIMIT_BYTES / perPost),
          ticks,
          posts_,
          kpis,
          dailyReport,
        };
        rows.push(row);
        const lat = (l: Latency) => `p50 ${l.p50Ms} ms p95 ${l.p95Ms} ms`;
        log(
          `${size.personas} personas, ${size.posts} posts: D1 ${mb(seeded.bytes)} (${mb(row.d1BytesPer100kPosts)} per 100k posts with insights; 10 GB holds ~${(row.postsAt10Gb / 1e6).toFixed(1)}M posts), seeded in ${row.seedSeconds} s`,
        );
        log(
          `  GET /v1/posts?limit=20 ${lat(posts_)}; GET /v1/kpis ${lat(kpis)}; GET /v1/reports/daily ${lat(dailyReport)}`,
        );
        if (withDedup) {
          const t0 = Date.now();
          const reindex = await fetch(`${server.url}/v1/personas/scale-dedup/dedup/reindex`, {
            method: "POST",
            headers: auth,
          });
          if (!reindex.ok) throw new Error(`reindex: ${reindex.status} ${await reindex.text()}`);
          const reindexSeconds = round((Date.now() - t0) / 1000, 1);
          const body = JSON.stringify({
            text: "pricing annual plans for bootstrapped founders: lessons from churn",
            top_k: 5,
          });
          const check = await timed(
            `${server.url}/v1/personas/scale-dedup/dedup/check`,
            { method: "POST", headers: { ...auth, "content-type": "application/json" }, body },
            opts.quick ? 10 : 20,
          );
          const matches = (check.last as { matches?: unknown[] }).matches?.length ?? 0;
          dedup = { vectors: dedupVectors, reindexSeconds, check: { p50Ms: check.p50Ms, p95Ms: check.p95Ms }, matches };
          log(
            `dedup check against ${dedupVectors} vectors in the local index: ${lat(check)} (top ${matches}; indexing them took ${reindexSeconds} s)`,
          );
        }
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  }
  const last = sizes[sizes.length - 1] as ScaleSize;
  return {
    measured:
      "wrangler dev --local on this machine, D1 seeded directly (bench/scale/seed.ts); D1 queries counted per invocation by bench/scale/counting-worker.ts (a batch counts each statement); latencies are sequential requests from Node",
    rows,
    dedup,
    stoppedAt: `${last.personas} personas, ${last.posts} posts`,
  };
}
