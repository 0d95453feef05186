// `npm start` output: wrangler's expected-offline noise is dropped, errors and request logs are
// kept, and the banner says where everything is. Fixture: wrangler 4.164 `dev --local` output.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { READY, banner, createOutputFilter, migrationSummary } from "../../scripts/start-output.mjs";

const lines = readFileSync(new URL("./fixtures/wrangler-dev-output.txt", import.meta.url), "utf8").split("\n");

test("drops the bindings tables, the offline warnings and the Request.cf stack; keeps errors and request logs", () => {
  const keep = createOutputFilter();
  const shown = lines.filter((l) => keep(l));
  assert.deepEqual(
    shown.filter((l) => l.trim()),
    [
      "[wrangler:info] Ready on http://localhost:18931",
      "[wrangler:info] GET /v1/personas 200 OK (12ms)",
      "✘ [ERROR] Something real went wrong",
    ],
  );
  assert.ok(lines.filter((l) => /^env\./.test(l)).length >= 20, "the fixture really has the tables");
  assert.ok(lines.some((l) => READY.test(l)));
});

test("the banner names the URL, dashboard, docs, MCP, where the key is, and explains the offline warnings once", () => {
  const text = banner({ port: 8787, devVars: ".dev.vars", cron: true, migrations: "6 D1 migrations applied" });
  for (const part of [
    "http://localhost:8787 ",
    "/dashboard/",
    "/docs",
    "/mcp",
    "API_KEY in .dev.vars",
    "Vectorize and Workers AI",
    "6 D1 migrations applied",
  ])
    assert.ok(text.includes(part), part);
  assert.ok(text.split("\n").length <= 14, "short");
});

test("migration summary", () => {
  assert.equal(
    migrationSummary("Migrations to be applied:\n? About to apply 6 migration(s)\n"),
    "6 D1 migrations applied",
  );
  assert.equal(migrationSummary("✅ No migrations to apply!"), "D1 up to date");
});
