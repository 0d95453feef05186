#!/usr/bin/env node
// The `threads-agent` command (package.json "bin"; `npx threads-agent --help` in a clone).
// This file only picks the Node: the CLI needs Node >= 22.18 (commander 15 needs 22.12; the request
// checks import the API's TypeScript schemas, which Node runs without a flag from 22.18), which the
// node@22 devDependency supplies; an older node re-runs this file with that one, so the CLI works
// whichever node started it. Plain JS on purpose: it must parse on any Node.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const local = join(here, "..", "node_modules", "node", "bin", "node");
  if (!existsSync(local) || process.env.THREADS_AGENT_REEXEC) {
    console.error(
      `threads-agent needs Node 22.18 or newer (this is ${process.version}); run \`npm install\` in the repository to get it.`,
    );
    process.exit(2);
  }
  const run = spawnSync(local, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, THREADS_AGENT_REEXEC: "1" },
  });
  process.exit(run.status ?? 1);
}
const { main } = await import("./main.mjs");
await main(process.argv);
