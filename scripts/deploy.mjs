// `npm run deploy [-- <wrangler args>]`: deploys the [env.production] environment of
// wrangler.toml, and only after scripts/deploy-guard.mjs found nothing wrong with it (no offline
// adapter, no fake Threads, placeholders filled in). Extra arguments go to `wrangler deploy`;
// `--var NAME:VALUE` overrides are checked as well. Exit 1 with the list of problems otherwise.
import { spawnSync } from "node:child_process";
import { checkDeployConfig, PRODUCTION_ENV, readDeployConfig, varsFromArgs } from "./deploy-guard.mjs";

const args = process.argv.slice(2);
if (args.some((a) => a === "--env" || a.startsWith("--env=") || a === "-e")) {
  console.error("npm run deploy always deploys --env production; run wrangler yourself for other environments.");
  process.exit(2);
}
const problems = checkDeployConfig(readDeployConfig({ env: PRODUCTION_ENV, vars: varsFromArgs(args) }));
if (problems.length > 0) {
  console.error("Refusing to deploy to production:");
  for (const p of problems) console.error(`  - ${p}`);
  console.error(
    'Fix wrangler.toml [env.production] (or pass --var NAME:VALUE), then run npm run deploy again. See docs/conformance.md, "Deploying".',
  );
  process.exit(1);
}
const run = spawnSync("wrangler", ["deploy", "--env", PRODUCTION_ENV, ...args], { stdio: "inherit" });
process.exit(run.status ?? 1);
