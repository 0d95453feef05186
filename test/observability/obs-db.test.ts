import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import type { ObsDb } from "../../workers/db/observability-db.ts";
import * as schema from "../../workers/db/schema/index.ts";
import { listAlerts } from "../../workers/alerts/queries.ts";

describe("ObsDb", () => {
  it("accepts the app's drizzle instance built with the full schema (type-level check)", async () => {
    const db: ObsDb = drizzle(env.DB, { schema });
    expect((await listAlerts(db)).data).toEqual([]);
  });
});
