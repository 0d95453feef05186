// D1 limits a cron invocation must stay within (https://developers.cloudflare.com/d1/platform/limits/,
// last updated 2026-04-21): at most 100 bound parameters per query, and 1,000 queries per Worker
// invocation on Workers Paid (50 on Free). docs/conformance.md, "D1".
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { JOBS, CRON } from "../../workers/cron/index.ts";
import { autopilot, autopilotPage } from "../../workers/cron/autopilot.ts";
import { collectInsights } from "../../workers/cron/collect-insights.ts";
import { publishDuePosts } from "../../workers/cron/publish-due-posts.ts";
import { CRON_PAGE, cronMessage } from "../../workers/durable/queues.ts";

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

/** env.DB that counts every query it runs (a batch counts each of its statements). */
function countingDb(inner: D1Database) {
  const counter = { queries: 0 };
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== "function") return value;
        if (prop === "bind")
          return (...args: unknown[]) => wrap((value as (...a: unknown[]) => D1PreparedStatement).apply(target, args));
        if (prop === "first" || prop === "all" || prop === "run" || prop === "raw") {
          return (...args: unknown[]) => {
            counter.queries++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
  const db = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql));
      if (prop === "batch") {
        return (stmts: D1PreparedStatement[]) => {
          counter.queries += stmts.length;
          return target.batch(stmts);
        };
      }
      if (prop === "exec") return (sql: string) => (counter.queries++, target.exec(sql));
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db, counter };
}

/** Queues that only count: the test measures the cron, not the consumers. */
function quietQueue(): Queue & { sent: number; bodies: unknown[] } {
  const q = {
    sent: 0,
    bodies: [] as unknown[],
    async send(body: unknown) {
      q.sent++;
      q.bodies.push(body);
    },
    async sendBatch(msgs: Iterable<{ body: unknown }>) {
      for (const m of msgs) {
        q.sent++;
        q.bodies.push(m.body);
      }
    },
  };
  return q as unknown as Queue & { sent: number; bodies: unknown[] };
}

async function insertMany(sql: string, rows: unknown[][]) {
  const stmt = env.DB.prepare(sql);
  for (let i = 0; i < rows.length; i += 200) await env.DB.batch(rows.slice(i, i + 200).map((r) => stmt.bind(...r)));
}

const persona = (id: string, autopilot: boolean) => [
  id,
  id,
  '["pricing"]',
  '{"blocked_words":[],"block_personal_data":true}',
  autopilot ? '{"kind":"times","times":["03:00"],"timezone":"UTC"}' : null,
  autopilot ? 1 : 0,
  NOW,
  NOW,
];
const PERSONA_SQL =
  "INSERT INTO personas (id, name, topics, guardrails, schedule, autopilot, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
const ACCOUNT_SQL =
  "INSERT INTO threads_accounts (persona_id, threads_user_id, token_enc, token_issued_at, token_expires_at, status, created_at, updated_at) VALUES (?, '1', 'x', ?, ?, ?, ?, ?)";
const POST_SQL =
  "INSERT INTO posts (id, persona_id, hook, body, text, status, models, scheduled_at, created_at, updated_at) VALUES (?, ?, 'h', 'b', 't', ?, '[]', ?, ?, ?)";

describe("publishDuePosts with many personas waiting for a reconnect", () => {
  it("still queues the due posts of the others when over 100 personas need re-auth", async () => {
    const blocked = Array.from({ length: 150 }, (_, i) => `blocked-${i}`);
    await insertMany(PERSONA_SQL, [...blocked.map((id) => persona(id, false)), persona("active-one", false)]);
    await insertMany(ACCOUNT_SQL, [
      ...blocked.map((id) => [id, NOW, NOW + 86_400_000, "needs_reauth", NOW, NOW]),
      ["active-one", NOW, NOW + 86_400_000, "active", NOW, NOW],
    ]);
    await insertMany(POST_SQL, [
      ["pst_active", "active-one", "scheduled", NOW - 60_000, NOW, NOW],
      ["pst_blocked", "blocked-7", "scheduled", NOW - 60_000, NOW, NOW],
    ]);
    const queue = quietQueue();
    expect(await publishDuePosts({ ...env, PUBLISH_QUEUE: queue } as Env, NOW)).toBe(1);
    expect(queue.sent).toBe(1);
  });
});

describe("one every-minute cron invocation", () => {
  it("costs a handful of queries when idle (Workers Free allows 50)", async () => {
    const { db, counter } = countingDb(env.DB);
    const tick = {
      ...env,
      DB: db,
      PUBLISH_QUEUE: quietQueue(),
      GENERATE_QUEUE: quietQueue(),
      CRON_QUEUE: quietQueue(),
    } as Env;
    for (const job of Object.values(JOBS[CRON.everyMinute] ?? {})) await job(tick, NOW);
    console.log(JSON.stringify({ event: "test.cron_d1_queries_idle", queries: counter.queries }));
    expect(counter.queries).toBeLessThanOrEqual(50);
  });

  it("stays within D1's 1,000 queries per invocation under a heavy backlog", async () => {
    const autopilots = Array.from({ length: 250 }, (_, i) => `auto-${String(i).padStart(3, "0")}`);
    await insertMany(PERSONA_SQL, [...autopilots.map((id) => persona(id, true)), persona("busy", false)]);
    await insertMany(POST_SQL, [
      ...Array.from({ length: 700 }, (_, i) => [`pst_due_${i}`, "busy", "scheduled", NOW - 3_600_000 + i, NOW, NOW]),
      ...Array.from({ length: 700 }, (_, i) => [
        `pst_stale_${i}`,
        "busy",
        "publishing",
        NOW - 86_400_000,
        NOW - 86_400_000,
        NOW - 86_400_000,
      ]),
    ]);
    await insertMany(
      "INSERT INTO tasks (id, persona_id, status, publish, input, created_at, updated_at) VALUES (?, 'busy', 'queued', 'draft', '{}', ?, ?)",
      Array.from({ length: 300 }, (_, i) => [`tsk_stale_${i}`, NOW - 86_400_000, NOW - 86_400_000]),
    );
    const { db, counter } = countingDb(env.DB);
    const publish = quietQueue();
    const generate = quietQueue();
    const cron = quietQueue();
    const tick = { ...env, DB: db, PUBLISH_QUEUE: publish, GENERATE_QUEUE: generate, CRON_QUEUE: cron } as Env;
    const results: Record<string, unknown> = {};
    for (const [name, job] of Object.entries(JOBS[CRON.everyMinute] ?? {})) results[name] = await job(tick, NOW);
    console.log(JSON.stringify({ event: "test.cron_d1_queries", queries: counter.queries, results }));
    expect(counter.queries).toBeLessThanOrEqual(1000);
    // Work is bounded per tick, not dropped: the rest goes on the next ticks.
    expect(results).toMatchObject({ publishDuePosts: 500, requeueStalePublishing: 500, requeueStaleTasks: 100 });
    // 250 autopilot personas are five pages, each its own queue invocation.
    expect(results["autopilot"]).toEqual({ fanned_out: 5, personas: 250 });
    expect(cron.sent).toBe(5);
  });
});

describe("cron jobs over many personas fan out through the cron queue", () => {
  const seedAutopilots = (n: number, from = 0) =>
    insertMany(
      PERSONA_SQL,
      Array.from({ length: n }, (_, i) => persona(`auto-${String(from + i).padStart(5, "0")}`, true)),
    );

  it("the scheduled run costs the same queries at 100 and at 2,000 personas, and every persona lands in one page", async () => {
    const run = async () => {
      const { db, counter } = countingDb(env.DB);
      const cron = quietQueue();
      const result = await autopilot({ ...env, DB: db, CRON_QUEUE: cron } as Env, NOW);
      return { queries: counter.queries, result, pages: cron.bodies.map((b) => cronMessage.parse(b)) };
    };
    await seedAutopilots(100);
    const small = await run();
    await seedAutopilots(1_900, 100);
    const large = await run();
    expect(small.result).toEqual({ fanned_out: 2, personas: 100 });
    expect(large.result).toEqual({ fanned_out: 40, personas: 2_000 });
    expect(large.queries).toBe(small.queries);
    expect(large.queries).toBeLessThanOrEqual(2);
    const ids = large.pages.flatMap((p) => p.persona_ids);
    expect(new Set(ids).size).toBe(2_000);
    expect(large.pages.every((p) => p.job === "autopilot" && p.now === NOW && p.persona_ids.length <= CRON_PAGE)).toBe(
      true,
    );
  });

  it("one autopilot page stays far inside an invocation's queries", async () => {
    await seedAutopilots(CRON_PAGE);
    const { db, counter } = countingDb(env.DB);
    const ids = Array.from({ length: CRON_PAGE }, (_, i) => `auto-${String(i).padStart(5, "0")}`);
    await autopilotPage({ ...env, DB: db, GENERATE_QUEUE: quietQueue() } as Env, ids, NOW);
    console.log(JSON.stringify({ event: "test.cron_page_queries", queries: counter.queries }));
    expect(counter.queries).toBeLessThanOrEqual(3 * CRON_PAGE + 5);
  });

  it("runs inline, without the queue, while the personas fit one page", async () => {
    await seedAutopilots(3);
    const cron = quietQueue();
    expect(await autopilot({ ...env, CRON_QUEUE: cron, GENERATE_QUEUE: quietQueue() } as Env, NOW)).toBe(0);
    expect(cron.sent).toBe(0);
  });

  it("insights fan out by persona too", async () => {
    await seedAutopilots(120);
    const cron = quietQueue();
    expect(await collectInsights({ ...env, CRON_QUEUE: cron } as Env, NOW)).toEqual({ fanned_out: 3, personas: 120 });
    expect(cron.bodies.map((b) => cronMessage.parse(b).job)).toEqual(["insights", "insights", "insights"]);
  });
});
