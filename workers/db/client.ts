import { drizzle } from "drizzle-orm/d1";
import { perObject } from "../per-object.ts";
import * as schema from "./schema/index.ts";

export type Db = ReturnType<typeof build>;

const build = (d1: D1Database) => drizzle(d1, { schema });

// Building drizzle walks the whole schema (extractTablesRelationalConfig); profiles of the
// benchmark showed it at ~12% of POST /v1/tasks CPU when done per request. The binding object
// lives as long as the isolate, so one client per binding is enough.
export const openDb: (d1: D1Database) => Db = perObject(build);
