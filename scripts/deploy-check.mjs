// `npm run deploy:check [-- --env <name>] [--plan free|paid]`: builds the production bundle
// exactly as `wrangler deploy` would (`--dry-run --outdir`), without an account, and reports its
// size against Workers' limits. Exit 1 when over the chosen plan's limit (default: free).
//
// Limits (developers.cloudflare.com/workers/platform/limits/, read 2026-12-01): Worker size after
// compression 3 MB on Workers Free, 10 MB on Workers Paid; static assets at most 25 MiB per file
// and 20,000 files (Free) / 100,000 (Paid). Wrangler reports sizes in KiB/MiB, so MiB here.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const MiB = 1024 * 1024;
const LIMITS = { free: { bundle: 3 * MiB, assetFiles: 20_000 }, paid: { bundle: 10 * MiB, assetFiles: 100_000 } };
const ASSET_FILE_MAX = 25 * MiB;

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? null : args[i + 1];
};
// What `npm run deploy` ships: [env.production] (scripts/deploy.mjs). `--env ""` checks the top level.
const env = flag("--env") ?? "production";
const plan = flag("--plan") ?? "free";
if (!LIMITS[plan]) {
  console.error(`--plan: free or paid, got '${plan}'`);
  process.exit(2);
}

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)],
  );
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const share = (n, of) => `${((n / of) * 100).toFixed(1)}%`;

const out = mkdtempSync(join(tmpdir(), "threads-agent-bundle-"));
try {
  const build = spawnSync("wrangler", ["deploy", "--dry-run", "--outdir", out, ...(env ? ["--env", env] : [])], {
    encoding: "utf8",
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
  });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout}${build.stderr}`);
    console.error("deploy:check: the production build failed (above).");
    process.exit(1);
  }
  // What is uploaded: the modules, not source maps or wrangler's README.
  const modules = files(out).filter((f) => !/\.map$|README\.md$/i.test(f));
  const raw = modules.reduce((n, f) => n + statSync(f).size, 0);
  const gzip = modules.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  const reported = /Total Upload:\s*([\d.]+ \w+)\s*\/\s*gzip:\s*([\d.]+ \w+)/.exec(`${build.stdout}${build.stderr}`);

  const assetsDir = "dashboard";
  const assets = files(assetsDir);
  const largest = assets.map((f) => ({ f, size: statSync(f).size })).sort((a, b) => b.size - a.size)[0];

  const limit = LIMITS[plan];
  const lines = [
    `production bundle${env ? ` (env ${env})` : ""}: ${modules.length} module(s), ${kib(raw)} raw, ${kib(gzip)} gzip${reported ? ` (wrangler: ${reported[1]} / gzip ${reported[2]})` : ""}`,
    `  Workers Free  limit 3 MiB compressed:  ${share(gzip, LIMITS.free.bundle)} used`,
    `  Workers Paid  limit 10 MiB compressed: ${share(gzip, LIMITS.paid.bundle)} used`,
    `static assets (${assetsDir}/): ${assets.length} files (limit ${limit.assetFiles.toLocaleString("en-US")}), largest ${relative(".", largest.f)} ${kib(largest.size)} (limit 25 MiB per file)`,
  ];
  console.log(lines.join("\n"));
  const problems = [];
  if (gzip > limit.bundle)
    problems.push(`bundle ${kib(gzip)} gzip is over the ${plan} plan's ${limit.bundle / MiB} MiB`);
  if (assets.length > limit.assetFiles) problems.push(`${assets.length} asset files is over ${limit.assetFiles}`);
  if (largest.size > ASSET_FILE_MAX) problems.push(`${largest.f} is over 25 MiB`);
  if (problems.length) {
    console.error(`deploy:check failed (${plan} plan): ${problems.join("; ")}`);
    process.exit(1);
  }
  console.log(`deploy:check ok for the ${plan} plan`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
