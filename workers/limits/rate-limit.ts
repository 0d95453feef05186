import { settings } from "../settings/index.ts";
import { rateLimited } from "./refusal.ts";

/**
 * The window of the API_RATE_LIMITER binding (`simple.period` in wrangler.toml). The binding
 * answers only allowed/refused, not when the window ends, so a refused client is told to wait
 * one whole window: never too early, at most one window too late.
 */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

/**
 * Counts one request against the key's window and throws a 429 when it is full. `keyHash` gives
 * the SHA-256 of the API key (hex), so the raw key never leaves the Worker; it is asked for only
 * when there is a limit to count against. Without the binding (a
 * deployment that removed it) or with API_RATE_LIMIT=off (benchmarks) nothing is limited;
 * /health/ready reports either in production.
 */
export async function limitRequestRate(env: Env, keyHash: () => Promise<string>): Promise<void> {
  const limiter = (env as Partial<Pick<Env, "API_RATE_LIMITER">>).API_RATE_LIMITER;
  if (!limiter || !settings(env).limits.apiRateLimit) return;
  const { success } = await limiter.limit({ key: `api-key:${await keyHash()}` });
  if (!success) {
    throw rateLimited(
      "too many requests for this API key; slow down and retry after the Retry-After seconds",
      RATE_LIMIT_PERIOD_SECONDS,
      {
        limit: "api_key_request_rate",
      },
    );
  }
}
