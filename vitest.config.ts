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
    const fs = (await import(["node", "fs/promises"].join(":"))) as { readFile(path: string, encoding: "utf8"): Promise<string> };
    return (await fs.readFile(id, "utf8")).replace(/^\/\/# sourceMappingURL=.*$/m, "");
  },
};

export default defineConfig({
  plugins: [
    mcpSdkWithoutSourceMaps,
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      remoteBindings: false,
      miniflare: {
        bindings: {
          API_KEY: "test-api-key",
          TOKEN_ENCRYPTION_KEY: "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMzJieXQ=",
          TEST_MIGRATIONS: migrations,
          QUEUE_RETRY_BASE_SECONDS: "0",
          // Publishing talks to the fake Threads API, served in-process (workers/publishing/threads-client.ts).
          FAKE_THREADS_ENABLED: "true",
          THREADS_API_BASE: "http://agent.test/fake-threads",
          FAKE_THREADS_PROCESSING_MS: "200",
        },
        // Every test file shares the one test API key, so the production window (wrangler.toml)
        // would let files throttle each other. The suite gets a window it cannot fill; the burst
        // test (test/limits.test.ts) swaps in BURST_RATE_LIMITER, the same binding type with a
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
    include: ["test/**/*.test.ts"],
    setupFiles: ["./test/setup/apply-migrations.ts"],
    // A fake SearXNG on a free localhost port (Node side); tests get its URL via inject("searxngUrl").
    globalSetup: ["./test/setup/searxng-server.ts"],
    testTimeout: 30_000,
  },
});
