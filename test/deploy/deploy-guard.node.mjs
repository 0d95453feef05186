// The production deploy path, checked offline with no Cloudflare account (node --test; not in
// workerd): wrangler.toml's [env.production] carries the production adapters, the guard refuses
// offline adapters / the fake Threads / unfilled placeholders, and `wrangler deploy --dry-run
// --env production` builds. Run: npm run test:deploy.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { checkDeployConfig, readDeployConfig, varsFromArgs } from "../../scripts/deploy-guard.mjs";

const root = resolve(import.meta.dirname, "../..");
const config = join(root, "wrangler.toml");
const filled = {
  THREADS_APP_ID: "1234567890",
  SEARXNG_URL: "https://search.example.org",
  THREADS_REDIRECT_URI: "https://agent.example.org/oauth/threads/callback",
};

/** wrangler.toml with the production D1 and KV ids filled in, in a temp dir next to a copy of nothing else. */
function withDatabaseId() {
  const dir = mkdtempSync(join(tmpdir(), "deploy-guard-"));
  const text = readFileSync(config, "utf8")
    .replace(
      /(\[\[env\.production\.d1_databases\]\][\s\S]*?database_id = ")0{8}-0{4}-0{4}-0{4}-0{12}(")/,
      "$1a1b2c3d4-0000-4000-8000-123456789abc$2",
    )
    .replace(/(\[\[env\.production\.kv_namespaces\]\][\s\S]*?id = ")0{32}(")/, "$10123456789abcdef0123456789abcdef$2");
  const path = join(dir, "wrangler.toml");
  writeFileSync(path, text.replace('main = "workers/index.ts"', `main = "${join(root, "workers/index.ts")}"`));
  return path;
}

test("[env.production] selects the production adapters", () => {
  const { vars } = readDeployConfig({ configPath: config });
  assert.equal(vars.ENVIRONMENT, "production");
  assert.equal(vars.LLM_PROVIDER, "workers-ai");
  assert.equal(vars.EMBEDDING_PROVIDER, "workers-ai");
  assert.equal(vars.VECTOR_INDEX, "vectorize");
  assert.equal(vars.SEARCH_PROVIDER, "searxng");
  assert.equal(vars.FAKE_THREADS_ENABLED, "false");
  assert.equal(vars.THREADS_API_BASE, "https://graph.threads.net");
});

test("the guard lists exactly the placeholders still to fill in, and passes once they are", () => {
  const problems = checkDeployConfig(readDeployConfig({ configPath: config }));
  assert.equal(problems.length, 5, problems.join("\n"));
  assert.match(problems.join("\n"), /THREADS_REDIRECT_URI must be set/);
  assert.match(problems.join("\n"), /SEARXNG_URL must be set/);
  assert.match(problems.join("\n"), /THREADS_APP_ID must be set/);
  assert.match(problems.join("\n"), /database_id is the placeholder/);
  assert.match(problems.join("\n"), /OAUTH_KV: id is the placeholder/);
  assert.deepEqual(checkDeployConfig(readDeployConfig({ configPath: withDatabaseId(), vars: filled })), []);
});

test("the local (top-level) configuration would be refused: offline adapters", () => {
  const local = {
    ...readDeployConfig({ configPath: config, env: "" }),
    env: "production",
    definedEnvironments: ["production"],
  };
  const problems = checkDeployConfig({ ...local, vars: { ...local.vars, ...filled } }).join("\n");
  assert.match(problems, /ENVIRONMENT must be "production"/);
  assert.match(problems, /EMBEDDING_PROVIDER must be workers-ai or openai \(is "offline"\)/);
  assert.match(problems, /VECTOR_INDEX must be vectorize \(is "local"\)/);
  assert.match(problems, /LLM_PROVIDER must be openai or workers-ai \(is "auto"/);
});

test("--var overrides are checked too: turning the fake Threads on is refused", () => {
  const vars = varsFromArgs([
    "--var",
    "FAKE_THREADS_ENABLED:true",
    "--var=THREADS_API_BASE:http://localhost:8787/fake-threads",
    "--dry-run",
  ]);
  const problems = checkDeployConfig(
    readDeployConfig({ configPath: withDatabaseId(), vars: { ...filled, ...vars } }),
  ).join("\n");
  assert.match(problems, /FAKE_THREADS_ENABLED must not be true/);
  assert.match(problems, /THREADS_API_BASE must be the real Threads API/);
});

test("npm run deploy refuses the unfilled placeholders before calling wrangler", () => {
  const run = spawnSync(process.execPath, [join(root, "scripts/deploy.mjs"), "--dry-run"], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /Refusing to deploy to production/);
  assert.match(run.stderr, /THREADS_APP_ID must be set/);
});

test("wrangler deploy --dry-run --env production builds offline and binds the production vars", () => {
  const outdir = mkdtempSync(join(tmpdir(), "deploy-dry-"));
  const run = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--env", "production", "--outdir", outdir], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
  });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  const out = run.stdout;
  for (const line of [
    /env\.ENVIRONMENT \("production"\)/,
    /env\.EMBEDDING_PROVIDER \("workers-ai"\)/,
    /env\.VECTOR_INDEX \("vectorize"\)/,
    /env\.LLM_PROVIDER \("workers-ai"\)/,
    /env\.FAKE_THREADS_ENABLED \("false"\)/,
    /env\.VECTORIZE \(threads-agent-posts\)/,
    /env\.AI /,
  ]) {
    assert.match(out, line);
  }
  assert.ok(
    existsSync(join(outdir, "index.js")) || readdirSync(outdir).some((f) => f.endsWith(".js")),
    "a bundle was written",
  );
});

// Issue 10, hardening: "the fake Threads API and its tables not part of a production deployment".
const FAKE_MARKERS = ["fake Threads API is disabled", "fake_threads_containers", "Unknown path components"];
function bundleOf(args) {
  const outdir = mkdtempSync(join(tmpdir(), "deploy-bundle-"));
  const run = spawnSync("npx", ["wrangler", "deploy", "--dry-run", ...args, "--outdir", outdir], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
  });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  return readdirSync(outdir)
    .filter((f) => f.endsWith(".js"))
    .map((f) => readFileSync(join(outdir, f), "utf8"))
    .join("\n");
}

test("the production bundle carries none of the fake Threads API's code; the local one does", () => {
  const production = bundleOf(["--env", "production"]);
  assert.deepEqual(
    FAKE_MARKERS.filter((m) => production.includes(m)),
    [],
    "fake Threads code in the production bundle",
  );
  const local = bundleOf([]);
  assert.deepEqual(
    FAKE_MARKERS.filter((m) => !local.includes(m)),
    [],
    "the local build serves the fake (npm start, tests)",
  );
});

test("the D1 migrations a production database gets leave no fake Threads table", async () => {
  const { DatabaseSync } = await import("node:sqlite");
  const db = new DatabaseSync(":memory:");
  const dir = join(root, "migrations");
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort())
    db.exec(readFileSync(join(dir, file), "utf8"));
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
    .all()
    .map((r) => r.name);
  assert.ok(tables.includes("posts") && tables.includes("threads_accounts"), tables.join(", "));
  assert.deepEqual(
    tables.filter((t) => t.startsWith("fake_")),
    [],
  );
});

test("npm run deploy:check sizes the production environment's bundle by default", () => {
  const run = spawnSync(process.execPath, [join(root, "scripts/deploy-check.mjs")], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
  });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  assert.match(run.stdout, /^production bundle \(env production\): 1 module\(s\), [\d.]+ KiB raw, [\d.]+ KiB gzip/m);
  assert.match(run.stdout, /Workers Free {2}limit 3 MiB compressed: +[\d.]+% used/);
});
