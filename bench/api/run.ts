// API throughput: POST /v1/tasks and GET /v1/posts against `wrangler dev --local`, each
// compared in the same run with a bare Worker (bench/bare-worker: no work at all) and with a
// limit Worker (bench/limit-worker: only the work the route cannot avoid), served the same way.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiClient, BENCH_API_KEY } from "../lib/api.ts";
import { startProfile } from "../lib/cpu-profile.ts";
import type { ProfileSummary } from "../lib/cpu-profile.ts";
import { benchPersonas, createPersonas } from "../lib/personas.ts";
import { median, round } from "../lib/stats.ts";
import { ROOT, executeSql, startDev } from "../lib/wrangler.ts";
import type { DevServer } from "../lib/wrangler.ts";
import { apiOnlyConfig } from "./config.ts";
import { combine, describe, load } from "./load.ts";
import type { LoadResult, LoadSpec } from "./load.ts";

export interface ApiBenchResult {
  measured: string;
  connections: number;
  runs: LoadResult[];
  postTasksRatio: number;
  getPostsRatio: number;
  /** Against the limit Workers: the share of what the platform allows that the routes reach. */
  postTasksLimitRatio: number;
  getPostsLimitRatio: number;
  targets: { ratioMin: number; limitRatioMin: number; p99MaxMs: number; met: boolean; limitMet: boolean };
  /** With --profile: self time per function in the API isolate during the POST /v1/tasks run. */
  profile?: ProfileSummary;
}

const SEEDED_POSTS = 500;
// With --profile: the routes whose first round is profiled, and where each profile goes.
const PROFILED: Record<string, string> = {
  "POST /v1/tasks": "api-post-tasks.cpuprofile",
  "GET /v1/posts": "api-get-posts.cpuprofile",
};

// Posts for GET /v1/posts to page through, written before the server starts.
function seedPostsSql(personaIds: string[]): string {
  const ids = personaIds.map((p) => `'${p}'`).join(",");
  return `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${SEEDED_POSTS}),
  p(k, id) AS (SELECT key, value FROM json_each('[${ids.replaceAll("'", '"')}]'))
  INSERT INTO posts (id, persona_id, task_id, hook, body, text, topic, status, prompt_tokens, completion_tokens, cost_usd, models, created_at, updated_at)
  SELECT printf('pst_seed%05d', i), p.id, NULL, 'A hook worth reading ' || i, 'A body with a few sentences of advice, number ' || i || '.',
    'A hook worth reading ' || i || char(10) || char(10) || 'A body with a few sentences of advice, number ' || i || '.', 'pricing', 'draft', 100, 80, 0,
    '[{"step":"hook","model":"offline-writer-1","provider":"offline","prompt_tokens":50,"completion_tokens":10,"cost_usd":0}]',
    1763900000000 + i * 1000, 1763900000000 + i * 1000
  FROM n JOIN p ON p.k = (n.i % ${personaIds.length});`;
}

function seedPersonasSql(personaIds: string[]): string {
  const rows = personaIds.map(
    (id) => `('${id}', '${id}', '["pricing"]', '{"blocked_words":[],"block_personal_data":true}', 0, 0)`,
  );
  return `INSERT OR IGNORE INTO personas (id, name, topics, guardrails, created_at, updated_at) VALUES ${rows.join(", ")};`;
}

export async function runApiBench(opts: {
  quick: boolean;
  state: string;
  profile?: boolean;
  log: (line: string) => void;
}): Promise<ApiBenchResult> {
  const { log } = opts;
  const seconds = opts.quick ? 8 : 20;
  const rounds = opts.quick ? 4 : 8;
  const warmup = opts.quick ? 2 : 4;
  const connections = 50;
  const personas = benchPersonas(20);
  const state = mkdtempSync(join(tmpdir(), "threads-bench-api-state-"));
  cpSync(opts.state, state, { recursive: true });
  executeSql(state, seedPostsSql(personas.map((p) => p.id)));
  // The limit Worker reads the same personas: seeded as rows, since it has no persona API.
  const limitState = mkdtempSync(join(tmpdir(), "threads-bench-limit-state-"));
  cpSync(state, limitState, { recursive: true });
  executeSql(limitState, seedPersonasSql(personas.map((p) => p.id)));

  const servers: DevServer[] = [];
  try {
    const [bare, limit, product] = await Promise.all([
      startDev({ name: "bare", config: "bench/bare-worker/wrangler.toml", readyPath: "/" }),
      startDev({
        name: "limit",
        config: "bench/limit-worker/wrangler.toml",
        state: limitState,
        vars: { API_KEY: BENCH_API_KEY },
      }),
      // One persona receives every task and no consumer drains them: the per-persona queue cap
      // (a 429 past 100 by default) is raised so the route's accepted-task path is what is timed.
      startDev({
        name: "api",
        config: apiOnlyConfig(),
        state,
        vars: { API_KEY: BENCH_API_KEY, LLM_PROVIDER: "offline", MAX_QUEUED_TASKS_PER_PERSONA: "100000" },
      }),
    ]);
    servers.push(bare, limit, product);
    await createPersonas(new ApiClient(product.url), personas);

    const auth = new ApiClient(product.url).headers();
    const taskBody = JSON.stringify({
      persona_id: personas[0]?.id,
      topic: "pricing your first product",
      publish: "draft",
    });
    const specs: LoadSpec[] = [
      {
        title: "bare worker POST",
        url: `${bare.url}/v1/tasks`,
        method: "POST",
        headers: auth,
        body: taskBody,
        connections,
        seconds,
      },
      {
        title: "limit worker POST",
        url: `${limit.url}/v1/tasks`,
        method: "POST",
        headers: auth,
        body: taskBody,
        connections,
        seconds,
      },
      {
        title: "POST /v1/tasks",
        url: `${product.url}/v1/tasks`,
        method: "POST",
        headers: auth,
        body: taskBody,
        connections,
        seconds,
      },
      {
        title: "GET /v1/posts",
        url: `${product.url}/v1/posts?limit=20`,
        method: "GET",
        headers: auth,
        connections,
        seconds,
      },
      {
        title: "limit worker GET",
        url: `${limit.url}/v1/posts?limit=20`,
        method: "GET",
        headers: auth,
        connections,
        seconds,
      },
      {
        title: "bare worker GET",
        url: `${bare.url}/v1/posts?limit=20`,
        method: "GET",
        headers: auth,
        connections,
        seconds,
      },
    ];
    // GET runs first and POST after it, each in rounds with its bare and limit Workers taken in
    // turn, so a burst of load from elsewhere on the machine hits all three alike. GET goes first
    // because POST leaves work behind in the product's server (thousands of queued messages and
    // task rows being written out) that would otherwise land in the rounds after it. Within a
    // round the limit Worker and the product swap places every other round.
    let profile: ProfileSummary | undefined;
    const perRound: LoadResult[][] = specs.map(() => []);
    // Indexes into specs.
    const [iBarePost, iLimitPost, iPost, iGet, iLimitGet, iBareGet] = [0, 1, 2, 3, 4, 5] as const;
    const phases = [
      { product: iGet, limit: iLimitGet, bare: iBareGet },
      { product: iPost, limit: iLimitPost, bare: iBarePost },
    ];
    for (const phase of phases) {
      for (const i of [phase.limit, phase.product, phase.bare]) await load({ ...specs[i]!, seconds: warmup }); // JIT, D1 pages and connection pools warm
      for (let n = 0; n < rounds; n++) {
        const order = n % 2 === 0 ? [phase.limit, phase.product, phase.bare] : [phase.product, phase.limit, phase.bare];
        for (const i of order) {
          const spec = specs[i]!;
          const file = opts.profile && n === 0 ? PROFILED[spec.title] : undefined;
          const profiler = file
            ? await startProfile(product.inspectorPort).catch((err: unknown) => {
                log(`no CPU profile: ${String(err)}`);
                return null;
              })
            : null;
          perRound[i]?.push(await load({ ...spec, seconds: seconds / rounds }));
          const summary = file ? await profiler?.stop(join(ROOT, "bench", "results", file)) : undefined;
          if (summary) {
            if (spec.title === "POST /v1/tasks") profile = summary;
            log(
              `CPU profile of the API isolate during ${spec.title} (${summary.totalMs} ms sampled; bench/results/${file}), top self time:`,
            );
            for (const e of summary.top.slice(0, 8))
              log(`  ${(e.share * 100).toFixed(1).padStart(5)}%  ${e.selfMs} ms  ${e.fn}`);
          }
        }
      }
    }
    const runs = perRound.map((r) => combine(r));
    for (const r of runs) log(describe(r));
    const [barePost, limitPost, post, get, limitGet, bareGet] = runs as [
      LoadResult,
      LoadResult,
      LoadResult,
      LoadResult,
      LoadResult,
      LoadResult,
    ];
    // A ratio is the median over rounds of the two routes' throughput in the same round (taken
    // back to back): a burst from elsewhere on the machine moves one round's pair, not the figure.
    const paired = (a: number, b: number) => {
      const each = (perRound[a] ?? []).map((r, n) => r.rps / Math.max(0.1, perRound[b]?.[n]?.rps ?? 0));
      return {
        ratio: round(median(each)),
        spread: `rounds ${round(Math.min(...each)).toFixed(2)}-${round(Math.max(...each)).toFixed(2)}`,
      };
    };
    const postBare = paired(iPost, iBarePost);
    const getBare = paired(iGet, iBareGet);
    const postLimit = paired(iPost, iLimitPost);
    const getLimit = paired(iGet, iLimitGet);
    const postTasksRatio = postBare.ratio;
    const getPostsRatio = getBare.ratio;
    const postTasksLimitRatio = postLimit.ratio;
    const getPostsLimitRatio = getLimit.ratio;
    log(`POST /v1/tasks throughput ratio ${postTasksRatio.toFixed(2)} (vs bare worker; ${postBare.spread})`);
    log(`GET /v1/posts throughput ratio ${getPostsRatio.toFixed(2)} (vs bare worker; ${getBare.spread})`);
    log(
      `POST /v1/tasks vs limit worker ratio ${postTasksLimitRatio.toFixed(2)} (${post.rps} vs ${limitPost.rps} req/s; median of ${rounds} paired rounds, ${postLimit.spread})`,
    );
    log(
      `GET /v1/posts vs limit worker ratio ${getPostsLimitRatio.toFixed(2)} (${get.rps} vs ${limitGet.rps} req/s; median of ${rounds} paired rounds, ${getLimit.spread})`,
    );
    const met = postTasksRatio >= 0.6 && post.p99Ms <= 250 && get.p99Ms <= 250;
    const limitMet = postTasksLimitRatio >= 0.9 && getPostsLimitRatio >= 0.9;
    return {
      measured: `autocannon, ${connections} connections, ${seconds} s per route in ${rounds} rounds taken in turn with the other routes, after a ${warmup} s warm-up; ratios are medians of per-round pairs; wrangler dev --local with queue consumers left out (see bench/api/config.ts); GET /v1/posts?limit=20 over ${SEEDED_POSTS} posts`,
      connections,
      runs,
      postTasksRatio,
      getPostsRatio,
      postTasksLimitRatio,
      getPostsLimitRatio,
      targets: { ratioMin: 0.6, limitRatioMin: 0.9, p99MaxMs: 250, met, limitMet },
      profile,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(state, { recursive: true, force: true });
    rmSync(limitState, { recursive: true, force: true });
  }
}
