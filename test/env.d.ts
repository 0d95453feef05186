import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      // A small rate limiter for the burst test (vitest.config.ts).
      BURST_RATE_LIMITER: RateLimit;
    }
  }
}
