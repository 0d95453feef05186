// `npm run dedup:reindex -- --persona <id> [--persona <id> ...] | --all [--url <base>]`
// Re-embeds the stored posts of personas into their dedup index on a running instance (npm start,
// or a deployment with --url), after EMBEDDING_PROVIDER / EMBEDDING_MODEL / EMBEDDING_DIMENSIONS
// changed. API_KEY comes from the environment or .dev.vars; the base URL from --url or PORT.
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { persona: { type: "string", multiple: true }, all: { type: "boolean" }, url: { type: "string" } },
});
const personas = values.persona ?? [];
if (!values.all && personas.length === 0) {
  console.error(
    "usage: npm run dedup:reindex -- --persona <id> [--persona <id> ...] | --all [--url http://127.0.0.1:8787]",
  );
  process.exit(2);
}

function apiKey() {
  if (process.env.API_KEY) return process.env.API_KEY;
  if (existsSync(".dev.vars")) {
    const line = readFileSync(".dev.vars", "utf8")
      .split("\n")
      .find((l) => l.startsWith("API_KEY="));
    if (line)
      return line
        .slice("API_KEY=".length)
        .trim()
        .replace(/^"(.*)"$/, "$1");
  }
  console.error("API_KEY is not set and .dev.vars has none");
  process.exit(2);
}

const base = (values.url ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`).replace(/\/$/, "");
const headers = { authorization: `Bearer ${apiKey()}` };

async function call(method, path) {
  const res = await fetch(`${base}${path}`, { method, headers }).catch((err) => {
    console.error(`cannot reach ${base}: ${err.message} (is \`npm start\` running?)`);
    process.exit(1);
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${body?.error?.message ?? ""}`);
  return body;
}

async function allPersonas() {
  const ids = [];
  let after = "";
  for (;;) {
    const page = await call("GET", `/v1/personas?limit=100${after ? `&after=${after}` : ""}`);
    ids.push(...page.data.map((p) => p.id));
    if (!page.next_cursor) return ids;
    after = page.next_cursor;
  }
}

let failed = 0;
for (const id of values.all ? await allPersonas() : personas) {
  try {
    const r = await call("POST", `/v1/personas/${encodeURIComponent(id)}/dedup/reindex`);
    console.log(
      `${id}: ${r.indexed} of ${r.posts} posts indexed with ${r.embedder} (${r.dimensions}d), ${r.skipped} skipped, ${r.took_ms} ms`,
    );
  } catch (/** @type {any} */ err) {
    failed++;
    console.error(`${id}: ${err.message}`);
  }
}
process.exit(failed ? 1 : 0);
