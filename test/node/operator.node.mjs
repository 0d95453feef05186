// Node-side tests of the operator interfaces against a real `wrangler dev` (not vitest):
//   npm run test:operator      (part of npm test; VERBOSE=1 prints every check)
// The CLI as a child process, the MCP server through the official MCP client SDK, /openapi.json
// through an OpenAPI validator, /metrics through promtool. One line on success.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { apiClient } from "../browser/seed.mjs";
import { cliChecks } from "./cli.mjs";
import { createRun } from "./harness.mjs";
import { mcpChecks } from "./mcp.mjs";
import { metricsChecks, specChecks } from "./spec-and-metrics.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = createRun({ name: "operator interfaces (cli, mcp, openapi, metrics)", root, deadlineMs: 480_000 });

let worker;
try {
  worker = await run.start();
} catch (e) {
  run.fail("start the real Worker", e);
  await run.finish(1);
}
const api = apiClient(worker.base, worker.apiKey);

await cliChecks({ run, root, worker });
await mcpChecks({ run, worker, api });
await specChecks({ run, worker });
// Publishing goes through the publish queue; give it a moment to land before scraping.
await waitForPublished(api);
await metricsChecks({ run, worker, api });
await run.finish();

async function waitForPublished(api) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { data } = await api("GET", "/v1/posts?status=published&limit=5");
    if (data.length > 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}
