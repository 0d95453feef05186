// The product's Worker with D1 queries counted per invocation, for the scale benchmark: each
// scheduled() run and each queue batch is one invocation (Cloudflare's limit of 1,000 D1 queries,
// 50 on Free, applies per invocation). A statement's first/all/run/raw is one query; a batch
// counts each of its statements, as D1 does. Durable Object calls run in the object's own
// invocation and are not counted here (their queries go to the object's SQLite, not D1).
import { AsyncLocalStorage } from "node:async_hooks";
import product, { PersonaAgent } from "../../workers/index.ts";

export { PersonaAgent };

interface Invocation {
  kind: "scheduled" | "queue";
  name: string;
  messages: number;
  queries: number;
  startedAt: number;
  ms: number;
}

const current = new AsyncLocalStorage<Invocation>();
const finished: Invocation[] = [];
const STATEMENT_CALLS = new Set(["first", "all", "run", "raw"]);

function countedStatement(stmt: D1PreparedStatement): D1PreparedStatement {
  return new Proxy(stmt, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== "function") return value;
      if (key === "bind")
        return (...args: unknown[]) =>
          countedStatement((value as (...a: unknown[]) => D1PreparedStatement).apply(target, args));
      if (typeof key === "string" && STATEMENT_CALLS.has(key)) {
        return (...args: unknown[]) => {
          const inv = current.getStore();
          if (inv) inv.queries++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

function countedD1(d1: D1Database): D1Database {
  return new Proxy(d1, {
    get(target, key) {
      if (key === "prepare") return (query: string) => countedStatement(target.prepare(query));
      if (key === "batch") {
        return (statements: D1PreparedStatement[]) => {
          const inv = current.getStore();
          if (inv) inv.queries += statements.length;
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const envs = new WeakMap<Env, Env>();
function countedEnv(env: Env): Env {
  let e = envs.get(env);
  if (!e) {
    const db = countedD1(env.DB);
    e = new Proxy(env, { get: (target, key) => (key === "DB" ? db : Reflect.get(target, key, target)) });
    envs.set(env, e);
  }
  return e;
}

async function invoke(inv: Omit<Invocation, "queries" | "startedAt" | "ms">, fn: () => Promise<void>): Promise<void> {
  const record: Invocation = { ...inv, queries: 0, startedAt: Date.now(), ms: 0 };
  try {
    await current.run(record, fn);
  } finally {
    // Date.now() advances only across I/O inside workerd: wall time of an I/O-bound invocation.
    record.ms = Date.now() - record.startedAt;
    finished.push(record);
  }
}

export default {
  fetch: (request, env, ctx) => {
    const path = new URL(request.url).pathname;
    if (path === "/__bench/invocations") {
      const body = Response.json({ invocations: finished });
      if (request.method === "DELETE") finished.length = 0;
      return body;
    }
    return product.fetch(request, env, ctx);
  },
  queue: (batch, env) =>
    invoke({ kind: "queue", name: batch.queue, messages: batch.messages.length }, () =>
      product.queue(batch, countedEnv(env)),
    ),
  scheduled: (controller, env) =>
    invoke({ kind: "scheduled", name: controller.cron, messages: 0 }, () =>
      product.scheduled(controller, countedEnv(env)),
    ),
} satisfies ExportedHandler<Env, never>;
