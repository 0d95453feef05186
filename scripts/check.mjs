// `npm run check`: the gate `npm test` (and so CI) runs first. Fails when any step fails:
//   format + lint   Biome (biome.jsonc) over the whole tree: unformatted files and lint errors
//   typecheck       wrangler's generated Env is current, then tsc over every project:
//                   tsconfig.json (workers, durable-objects, test), bench/tsconfig.json,
//                   tsconfig.node.json (cli/, scripts/ as checked JavaScript), dashboard/tsconfig.json
//   dependencies    dependency-cruiser (.dependency-cruiser.cjs): import cycles, type-only ones
//                   included, and a lower layer importing a higher one; known breaches are baselined
// Steps run two at a time (each is single-threaded); their output is printed when each ends.
// `node scripts/check.mjs --root DIR --only dependencies,format` checks another copy of the tree, or some
// steps (ids: the keys of STEPS); the gate's own test (test/node/check-gate.node.mjs) uses both.
import { spawn } from "node:child_process";
import { delimiter, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { root: { type: "string" }, only: { type: "string" } } });
const root = resolve(values.root ?? ".");

/** tsc on one project, incremental: the build info in .cache/check/ makes a re-run check only what changed. */
function tsc(project, name) {
  return ["tsc", "--noEmit", "-p", project, "--incremental", "--tsBuildInfoFile", `.cache/check/${name}.tsbuildinfo`];
}

/** @type {Record<string, [name: string, command: string[]]>} */
const STEPS = {
  "types-main": ["typecheck: workers, durable-objects, test", tsc("tsconfig.json", "main")],
  "types-node": ["typecheck: cli, scripts", tsc("tsconfig.node.json", "node")],
  "types-bench": ["typecheck: bench", tsc("bench/tsconfig.json", "bench")],
  "types-dashboard": ["typecheck: dashboard", tsc("dashboard/tsconfig.json", "dashboard")],
  format: ["format + lint (biome)", ["biome", "ci", "--reporter=summary", "--colors=off", "."]],
  env: ["generated Env is current", ["wrangler", "types", "--strict-vars=false", "--check"]],
  dependencies: [
    "dependencies (cycles, layers)",
    ["depcruise", "workers", "durable-objects", "cli", "scripts", "bench", "--ignore-known", "--output-type", "err"],
  ],
};
const only = values.only?.split(",") ?? Object.keys(STEPS);
for (const id of only)
  if (!STEPS[id]) throw new Error(`--only: no step '${id}' (steps: ${Object.keys(STEPS).join(", ")})`);

// The tools' own node_modules/.bin first, as `npm run` does: wrangler needs the project's Node 22.
const bin = resolve(root, "node_modules", ".bin");
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` };

/** @param {[string, string[]]} step @returns {Promise<{ name: string, ok: boolean, ms: number, output: string }>} */
function run([name, [tool = "", ...args]]) {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(resolve(bin, tool), args, { cwd: root, env });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", (e) => done({ name, ok: false, ms: Date.now() - started, output: String(e) }));
    child.on("close", (code) => done({ name, ok: code === 0, ms: Date.now() - started, output }));
  });
}

const queue = only.map((id) => STEPS[id]);
const results = [];
async function worker() {
  for (let step = queue.shift(); step; step = queue.shift()) {
    const r = await run(step);
    results.push(r);
    const head = `${r.ok ? "ok  " : "FAIL"} ${r.name} (${(r.ms / 1000).toFixed(1)} s)`;
    console.log(r.ok ? head : `${head}\n${r.output.trimEnd()}\n`);
  }
}
const started = Date.now();
await Promise.all([worker(), worker()]);
const failed = results.filter((r) => !r.ok);
console.log(
  failed.length
    ? `check: ${failed.length} of ${results.length} steps failed: ${failed.map((r) => r.name).join(", ")}`
    : `check: all ${results.length} steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exitCode = failed.length ? 1 : 0;
