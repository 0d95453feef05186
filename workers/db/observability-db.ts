import { drizzle } from "drizzle-orm/d1";
import type { DrizzleD1Database } from "drizzle-orm/d1";

// The observability modules only use the query builder and raw `sql`, never the relational
// `db.query.*` API, so they accept a drizzle D1 database built with any schema.
export type ObsDb = Pick<DrizzleD1Database<Record<string, unknown>>, "select" | "insert" | "update" | "delete" | "all" | "get" | "run" | "batch">;

export const obsDb = (d1: D1Database): ObsDb => drizzle(d1);
