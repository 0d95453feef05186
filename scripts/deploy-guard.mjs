// The production deploy check, reusable by `npm run deploy` (scripts/deploy.mjs) and by any
// other deploy path (a canary, `npm run deploy:check`). It reads the resolved configuration of a
// wrangler environment and lists every reason it must not ship: offline adapters, the fake
// Threads API, placeholders never filled in, bindings the production adapters need.
//
//   import { readDeployConfig, checkDeployConfig } from "./deploy-guard.mjs";
//   const problems = checkDeployConfig(readDeployConfig({ env: "production", vars: { THREADS_APP_ID: "123" } }));
import { unstable_readConfig } from "wrangler";

export const PRODUCTION_ENV = "production";
const ZERO_ID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;
const TRUE = /^(1|true|yes|on)$/i;

/**
 * The environment's resolved config: vars (with `vars` overrides, as `--var K:V` gives them),
 * bindings and D1 databases. `configPath` defaults to ./wrangler.toml.
 */
export function readDeployConfig({ env = PRODUCTION_ENV, configPath = "wrangler.toml", vars = {} } = {}) {
  const config = unstable_readConfig({ config: configPath, env }, { hideWarnings: true });
  return {
    env,
    definedEnvironments: config.definedEnvironments ?? [],
    vars: { ...(config.vars ?? {}), ...vars },
    d1: config.d1_databases ?? [],
    vectorize: config.vectorize ?? [],
    ai: config.ai ?? null,
    queues: config.queues?.producers ?? [],
    durableObjects: config.durable_objects?.bindings ?? [],
    ratelimits: config.ratelimits ?? [],
    kv: config.kv_namespaces ?? [],
  };
}

/** `--var NAME:VALUE` pairs from a wrangler argument list. */
export function varsFromArgs(args) {
  const out = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const pair = a === "--var" ? args[++i] : a.startsWith("--var=") ? a.slice(6) : undefined;
    if (!pair) continue;
    const at = pair.indexOf(":");
    if (at > 0) out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** Every reason this configuration must not be deployed to production; empty when it may. */
export function checkDeployConfig(c) {
  const problems = [];
  const v = (name) => (typeof c.vars[name] === "string" ? c.vars[name].trim() : c.vars[name]);
  if (c.env === PRODUCTION_ENV && !c.definedEnvironments.includes(PRODUCTION_ENV)) {
    problems.push("wrangler.toml has no [env.production] section");
  }
  if (v("ENVIRONMENT") !== "production")
    problems.push(`ENVIRONMENT must be "production" (is ${JSON.stringify(v("ENVIRONMENT") ?? null)})`);
  if (TRUE.test(String(v("FAKE_THREADS_ENABLED") ?? "")))
    problems.push("FAKE_THREADS_ENABLED must not be true in production (the fake Threads API)");
  const api = String(v("THREADS_API_BASE") ?? "https://graph.threads.net");
  if (!/^https:\/\//.test(api) || /fake-threads|localhost|127\.0\.0\.1/.test(api))
    problems.push(`THREADS_API_BASE must be the real Threads API (is ${api})`);
  if (!["openai", "workers-ai"].includes(v("LLM_PROVIDER"))) {
    problems.push(
      `LLM_PROVIDER must be openai or workers-ai (is ${JSON.stringify(v("LLM_PROVIDER") ?? null)}; auto/offline fall back to the offline writer)`,
    );
  }
  if (!["openai", "workers-ai"].includes(v("EMBEDDING_PROVIDER"))) {
    problems.push(
      `EMBEDDING_PROVIDER must be workers-ai or openai (is ${JSON.stringify(v("EMBEDDING_PROVIDER") ?? null)}); the offline embedder would break dedup`,
    );
  }
  if (v("VECTOR_INDEX") !== "vectorize")
    problems.push(`VECTOR_INDEX must be vectorize (is ${JSON.stringify(v("VECTOR_INDEX") ?? null)})`);
  if (v("SEARCH_PROVIDER") === "offline") problems.push("SEARCH_PROVIDER must not be offline in production");
  if (v("SEARCH_PROVIDER") !== "offline" && !/^https?:\/\/\S+/.test(String(v("SEARXNG_URL") ?? ""))) {
    problems.push(
      "SEARXNG_URL must be set (the SearXNG instance for trend research); without it research uses the offline source",
    );
  }
  if (!/^\d{5,30}$/.test(String(v("THREADS_APP_ID") ?? "")))
    problems.push("THREADS_APP_ID must be set to the Threads app id (digits)");
  if (!/^https:\/\/\S+\/oauth\/threads\/callback$/.test(String(v("THREADS_REDIRECT_URI") ?? ""))) {
    problems.push(
      "THREADS_REDIRECT_URI must be set to https://<your worker>/oauth/threads/callback (the URL registered with the Threads app)",
    );
  }
  const db = c.d1.find((d) => d.binding === "DB");
  if (!db) problems.push("the D1 binding DB is missing");
  else if (!db.database_id || ZERO_ID.test(db.database_id))
    problems.push(
      "d1_databases DB: database_id is the placeholder; put the id from `wrangler d1 create threads-agent`",
    );
  const kv = (c.kv ?? []).find((k) => k.binding === "OAUTH_KV");
  if (!kv) problems.push("the KV binding OAUTH_KV (MCP OAuth clients, grants and tokens) is missing");
  else if (!kv.id || /^0+$/.test(kv.id))
    problems.push(
      "kv_namespaces OAUTH_KV: id is the placeholder; put the id from `wrangler kv namespace create OAUTH_KV`",
    );
  if (!c.vectorize.some((x) => x.binding === "VECTORIZE")) problems.push("the Vectorize binding VECTORIZE is missing");
  if (!c.ai) problems.push("the Workers AI binding AI is missing");
  for (const q of ["GENERATE_QUEUE", "PUBLISH_QUEUE"])
    if (!c.queues.some((x) => x.binding === q)) problems.push(`the queue binding ${q} is missing`);
  if (!c.ratelimits.some((r) => r.name === "API_RATE_LIMITER"))
    problems.push("the rate limiting binding API_RATE_LIMITER is missing");
  if (!c.durableObjects.some((d) => d.name === "PERSONA_AGENT"))
    problems.push("the Durable Object binding PERSONA_AGENT is missing");
  return problems;
}
