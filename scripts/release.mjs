// `npm run release -- --canary 10 --url https://<worker> [--env production] [--watch 300]
//   [--interval 15] [--max-error-rate 0.02] [--no-promote] [--message "…"]`
// A gradual deployment with automatic rollback (docs/deploying.md); the logic is in release-lib.mjs.
import { spawn } from "node:child_process";
import { ReleaseError, parseArgs, release } from "./release-lib.mjs";

function wrangler(args) {
  return new Promise((resolve, reject) => {
    const child = spawn("wrangler", args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(out)
        : reject(new ReleaseError(`wrangler ${args.slice(0, 2).join(" ")} exited with ${code}:\n${out.slice(-1500)}`)),
    );
  });
}

try {
  const options = parseArgs(process.argv.slice(2));
  const result = await release(options, {
    wrangler,
    fetch,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    now: Date.now,
    log: (l) => console.log(`release: ${l}`),
  });
  process.exit(result.outcome === "rolled_back" ? 1 : 0);
} catch (/** @type {any} */ e) {
  console.error(`release: ${e instanceof ReleaseError ? e.message : e?.stack}`);
  process.exit(e instanceof ReleaseError ? 2 : 1);
}
