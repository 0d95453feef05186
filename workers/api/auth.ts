import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors.ts";
import { limitRequestRate } from "../limits/rate-limit.ts";
import { sha256Hex } from "../text/sha256.ts";
import type { AppEnv } from "./router.ts";

const encoder = new TextEncoder();
const BEARER = /^Bearer\s+(.+)$/i;

/** The token of an `Authorization: Bearer <token>` header, or null. */
const bearerToken = (authorization: string | undefined): string | null =>
  BEARER.exec((authorization ?? "").trim())?.[1] ?? null;

// The configured key as bytes and its SHA-256 (the rate limiter's key), made once per isolate and
// again only if API_KEY changes. Profiles of GET /v1/posts showed hashing both keys and hex-encoding
// a digest on every request at about a sixth of the route's CPU.
let expected: { key: string; bytes: Uint8Array; hex: Promise<string> | null } | null = null;

function expectedKey(key: string): NonNullable<typeof expected> {
  if (expected?.key !== key) expected = { key, bytes: encoder.encode(key), hex: null };
  return expected;
}

/**
 * Whether `token` is `key`, compared with the platform's constant-time
 * timingSafeEqual (https://developers.cloudflare.com/workers/examples/protect-against-timing-attacks/).
 * It needs equal lengths; a key of another length is compared with the configured key itself,
 * so the time does not depend on the content, only (as in that example) on the length.
 */
function matches(key: string, token: string): boolean {
  const want = expectedKey(key).bytes;
  const given = encoder.encode(token);
  if (given.byteLength !== want.byteLength) return !crypto.subtle.timingSafeEqual(want, want);
  return crypto.subtle.timingSafeEqual(given, want);
}

/**
 * `Authorization: Bearer <API_KEY>`. With no API_KEY configured the API refuses, it never opens up.
 * A valid key is then held to the per-key request rate (workers/limits/rate-limit.ts), so every
 * route behind the key is limited without each mount remembering to ask.
 */
export const requireApiKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.env.API_KEY;
  if (!key)
    throw new AppError(
      "unavailable",
      "API_KEY is not configured on the server; set it in .dev.vars or with `wrangler secret put API_KEY`",
    );
  const token = bearerToken(c.req.header("authorization"));
  if (!token) throw new AppError("unauthorized", "Authorization: Bearer <API_KEY> header required");
  if (!matches(key, token)) throw new AppError("unauthorized", "API key is not valid");
  // The key matched, so the rate key is the configured key's digest, hashed once per isolate.
  await limitRequestRate(c.env, () => {
    const k = expectedKey(key);
    return (k.hex ??= sha256Hex(k.bytes));
  });
  await next();
};

/** Whether the request carries the right key; for public routes that show more to the operator. */
export function hasApiKey(env: Env, authorization: string | undefined): boolean {
  const token = bearerToken(authorization);
  return env.API_KEY && token ? matches(env.API_KEY, token) : false;
}
