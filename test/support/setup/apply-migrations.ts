import { applyD1Migrations, env } from "cloudflare:test";
import { beforeEach } from "vitest";
import { ensureFakeThreadsSchema } from "../../../workers/fake-threads/schema.ts";
import { wipeBeforeEachTest } from "./d1-isolation.ts";

// Bring each test file's D1 up to the current schema, then start every test from empty tables:
// storage is shared by the tests of one file.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
// The fake Threads API's tables are not migrations (they never reach production); tests read them directly.
await ensureFakeThreadsSchema(env.DB);

beforeEach(async () => {
  if (!wipeBeforeEachTest()) return;
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'",
  ).all<{ name: string }>();
  await env.DB.batch(tables.results.map((t) => env.DB.prepare(`DELETE FROM "${t.name}"`)));
});
