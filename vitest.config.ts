import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Tests run inside workerd against the real wrangler.toml, with remote bindings off:
// Vectorize and Workers AI have no local simulator, so the code under test uses the
// offline adapters (or in-test doubles of the binding APIs).
const migrations = await readD1Migrations("./migrations");

// The MCP SDK publishes source maps without their sources; Vite warns once per module it loads,
// which buries the test summary. Loading those modules without the sourceMappingURL comment
// skips only that (stack traces still point at the SDK's dist files).
const mcpSdkWithoutSourceMaps = {
  name: "mcp-sdk-without-source-maps",
  async load(id: string) {
    if (!id.includes("/node_modules/@modelcontextprotocol/sdk/") || !id.endsWith(".js")) return null;
    // node:fs through a computed specifier: this config is typechecked with Workers types only.
    const fs = (await import(["node", "fs/promises"].join(":"))) as {
      readFile(path: string, encoding: "utf8"): Promise<string>;
    };
    return (await fs.readFile(id, "utf8")).replace(/^\/\/# sourceMappingURL=.*$/m, "");
  },
};

export default defineConfig({
  // The tests exercise the fake Threads API, so their build carries it (workers/fake-threads/bundle.ts).
  define: { FAKE_THREADS_BUNDLED: "true" },
  plugins: [
    mcpSdkWithoutSourceMaps,
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      // The production Worker with PersonaAgent's test subclass (test seams stay out of production).
      main: "./test/support/worker.ts",
      remoteBindings: false,
      miniflare: {
        bindings: {
          API_KEY: "test-api-key",
          TOKEN_ENCRYPTION_KEY: "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMzJieXQ=",
          TEST_MIGRATIONS: migrations,
          QUEUE_RETRY_BASE_SECONDS: "0",
          // Counters flush after every request, batch and task, so a test reads its own in D1.
          METRICS_FLUSH_SECONDS: "0",
          // Publishing talks to the fake Threads API, served in-process (workers/publishing/threads-client.ts).
          FAKE_THREADS_ENABLED: "true",
          THREADS_API_BASE: "http://agent.test/fake-threads",
          FAKE_THREADS_PROCESSING_MS: "200",
          // Container checks at test speed; production follows Meta's 30 s / 1 min / 5 min.
          THREADS_CONTAINER_FIRST_CHECK_SECONDS: "0.25",
          THREADS_CONTAINER_CHECK_EVERY_SECONDS: "0.5",
          THREADS_CONTAINER_MAX_WAIT_SECONDS: "10",
          THREADS_CONTAINER_INLINE_WAIT_SECONDS: "1",
        },
        // Every test file shares the one test API key, so the production window (wrangler.toml)
        // would let files throttle each other. The suite gets a window it cannot fill; the burst
        // test (test/api/limits.test.ts) swaps in BURST_RATE_LIMITER, the same binding type with a
        // small limit, under its own key.
        ratelimits: {
          API_RATE_LIMITER: { namespace_id: "1001", simple: { limit: 1_000_000, period: 60 } },
          BURST_RATE_LIMITER: { namespace_id: "1002", simple: { limit: 40, period: 60 } },
        },
      },
    }),
  ],
  test: {
    // One dot per test; failures are still printed in full at the end.
    reporters: ["dot"],
    // Console output of passing tests is noise; a failing test still shows its logs.
    silent: "passed-only",
    // Two projects, both inside workerd. `*.unit.test.ts` files test pure code (no bindings, no
    // D1): they share one worker, so the Worker's module graph loads once for all of them rather
    // than once per file (each file otherwise costs several seconds of start-up and transforms).
    // Every other file gets its own worker and storage, with D1 migrated (setupFiles).
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.unit.test.ts"], isolate: false } },
      {
        extends: true,
        test: {
          name: "workers",
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.unit.test.ts"],
          setupFiles: ["./test/support/setup/apply-migrations.ts"],
        },
      },
    ],
    // A fake SearXNG on a free localhost port (Node side); tests get its URL via inject("searxngUrl").
    globalSetup: ["./test/support/setup/searxng-server.ts", "./test/support/setup/source-server.ts"],
    testTimeout: 30_000,
    // vitest's default is one worker fewer than the CPUs: a single worker on CI's 2 cores, where
    // most of a file's time is workerd start-up, module transforms and waits on queues and timers.
    // One worker per CPU ran the suite in 547 s instead of 893 s on that machine.
    maxWorkers: "100%",
  },
});
