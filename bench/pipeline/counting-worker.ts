// The product's Worker with its D1 binding counted, for the pipeline benchmark's
// `D1 round trips per post`. Only the queue consumer and the Durable Objects get the counted
// binding, so the bench's own HTTP submissions and polling do not show up in the figure.
// Every prepared statement's first/all/run/raw, every batch() and exec() is one round trip.
import product, { PersonaAgent as ProductAgent } from "../../workers/index.ts";

let roundTrips = 0;
// Round trips per SQL text (a batch under its statements joined by " ; "): where they go.
const bySql = new Map<string, number>();
function count(sql: string): void {
  roundTrips++;
  bySql.set(sql, (bySql.get(sql) ?? 0) + 1);
}
const sqlOf = new WeakMap<object, string>();

const STATEMENT_CALLS = new Set(["first", "all", "run", "raw"]);

function countedStatement(stmt: D1PreparedStatement, sql: string): D1PreparedStatement {
  const proxy = new Proxy(stmt, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== "function") return value;
      if (key === "bind")
        return (...args: unknown[]) =>
          countedStatement((value as (...a: unknown[]) => D1PreparedStatement).apply(target, args), sql);
      if (typeof key === "string" && STATEMENT_CALLS.has(key)) {
        return (...args: unknown[]) => {
          count(sql);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  sqlOf.set(proxy, sql);
  return proxy;
}

const counted = new WeakMap<D1Database, D1Database>();
function countedD1(d1: D1Database): D1Database {
  let c = counted.get(d1);
  if (c) return c;
  c = new Proxy(d1, {
    get(target, key) {
      if (key === "prepare") {
        return (query: string) => {
          return countedStatement(target.prepare(query), query);
        };
      }
      if (key === "batch" || key === "exec") {
        const fn = Reflect.get(target, key, target) as (...a: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const first = args[0];
          count(
            Array.isArray(first) ? first.map((s: object) => sqlOf.get(s) ?? "?").join(" ; ") : `exec: ${String(first)}`,
          );
          return fn.apply(target, args);
        };
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  counted.set(d1, c);
  return c;
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

export class PersonaAgent extends ProductAgent {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, countedEnv(env));
  }

  /** Round trips made in this isolate so far (the Durable Objects share it with the consumer locally). */
  async benchD1RoundTrips(): Promise<number> {
    return roundTrips;
  }
}

export default {
  fetch: (request, env, ctx) => {
    if (new URL(request.url).pathname === "/__bench/d1-round-trips")
      return Response.json({ round_trips: roundTrips, by_sql: Object.fromEntries(bySql) });
    return product.fetch(request, env, ctx);
  },
  queue: (batch, env) => product.queue(batch, countedEnv(env)),
  scheduled: (controller, env) => product.scheduled(controller, countedEnv(env)),
} satisfies ExportedHandler<Env, never>;
