import { drizzle } from "drizzle-orm/d1";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { perObject } from "../per-object.ts";

// The observability modules only use the query builder and raw `sql`, never the relational
// `db.query.*` API, so they accept a drizzle D1 database built with any schema.
export type ObsDb = Pick<
  DrizzleD1Database<Record<string, unknown>>,
  "select" | "insert" | "update" | "delete" | "all" | "get" | "run" | "batch"
>;

// One per binding, like openDb: building drizzle per call was ~3% of POST /v1/tasks' CPU in the
// bench profile (every request's telemetry makes one).
export const obsDb: (d1: D1Database) => ObsDb = perObject((d1: D1Database) => drizzle(d1));
