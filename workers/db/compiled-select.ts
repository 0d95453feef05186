import { Column, fillPlaceholders, is, SQL } from "drizzle-orm";
import type { DriverValueDecoder } from "drizzle-orm";
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import type { Db } from "./client.ts";
import { perObject } from "../per-object.ts";

/** A flat selection: result keys to table columns or typed SQL expressions. */
type Fields = Record<string, Column | SQL>;
type RowOf<F extends Fields> = {
  [K in keyof F]: F[K] extends Column ? F[K]["_"]["data"] : F[K] extends SQL<infer T> ? T : never;
};

/**
 * A select statement for the hottest reads (a page of posts, one post, a task and its steps, a
 * persona, the idempotency lookup): drizzle renders its SQL
 * once, D1's raw() runs it, and each row is mapped by a plan made once per statement (each
 * column's key and driver decoder), not by drizzle's per-cell mapResultRow, which walks every
 * field's class with is() on every row. In the GET /v1/posts benchmark that mapping alone cost
 * about a tenth of the route's throughput. The decoders are drizzle's own (a JSON column is
 * parsed, a boolean column becomes a boolean), and null stays null, as drizzle does; a test holds
 * the result equal to drizzle's for the same query.
 */
export interface CompiledSelect<R> {
  all(values: Record<string, unknown>): Promise<R[]>;
  get(values: Record<string, unknown>): Promise<R | undefined>;
}

export function compileSelect<F extends Fields>(
  db: Db,
  fields: F,
  query: { toSQL(): { sql: string; params: unknown[] } },
): CompiledSelect<RowOf<F>> {
  const { sql, params } = query.toSQL();
  const keys = Object.keys(fields);
  // Drizzle lists a flat selection's columns in the order of its keys (orderSelectedFields).
  const decoders = keys.map((k) => {
    const field = fields[k];
    if (is(field, Column)) return (v: unknown) => field.mapFromDriverValue(v);
    // An sql`` expression's decoder (set by mapWith, else pass-through) is not in drizzle's types.
    if (is(field, SQL)) {
      const { decoder } = field as unknown as { decoder: DriverValueDecoder<unknown, unknown> };
      return (v: unknown) => decoder.mapFromDriverValue(v);
    }
    throw new Error(`compileSelect: field ${k} is neither a column nor SQL`);
  });
  const mapRow = (row: unknown[]): RowOf<F> => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const v = row[i];
      out[keys[i]!] = v === null || v === undefined ? null : decoders[i]!(v);
    }
    return out as RowOf<F>;
  };
  const run = (values: Record<string, unknown>) =>
    db.$client
      .prepare(sql)
      .bind(...fillPlaceholders(params, values))
      .raw<unknown[]>();
  return {
    all: async (values) => (await run(values)).map(mapRow),
    get: async (values) => {
      const [row] = await run(values);
      return row ? mapRow(row) : undefined;
    },
  };
}

/** What drizzle's batch() does with each query, kept: its prepared statement, its params, its row mapping. */
interface PreparedInBatch {
  stmt: D1PreparedStatement;
  query: { params: unknown[] };
  mapResult(result: unknown, isFromBatch: boolean): unknown;
}

export interface CompiledBatch<T extends readonly BatchItem<"sqlite">[]> {
  run(values: Record<string, unknown>): Promise<BatchResponse<T>>;
}

/**
 * A D1 batch of queries with placeholders, prepared once: drizzle's db.batch() builds every query
 * on every call (the claim batch's nine were 2.8% of the Worker's CPU in the pipeline profile)
 * and cannot fill placeholders. Here each query is prepared once the way drizzle's batch does it
 * (_prepare), and each run binds its placeholders and maps the results with drizzle's own mapping.
 */
export function compileBatch<T extends readonly [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]>(
  db: Db,
  queries: T,
): CompiledBatch<T> {
  const prepared = queries.map((q) => (q as unknown as { _prepare(): PreparedInBatch })._prepare());
  return {
    async run(values) {
      const results = await db.$client.batch(
        prepared.map((p) => p.stmt.bind(...fillPlaceholders(p.query.params, values))),
      );
      return prepared.map((p, i) => p.mapResult(results[i], true)) as BatchResponse<T>;
    },
  };
}

const statementsOf = perObject((_db: Db) => new Map<string, unknown>());

/**
 * The client's compiled statement (or batch) under `key`, unique across the app (e.g.
 * "tasks.byId"), built on first use: its SQL is rendered once per isolate, not once per call.
 */
export function compiled<T>(db: Db, key: string, build: () => T): T {
  const byKey = statementsOf(db);
  let stmt = byKey.get(key) as T | undefined;
  if (stmt === undefined) byKey.set(key, (stmt = build()));
  return stmt;
}
