import type { MiddlewareHandler } from "hono";
import { BOOTSTRAP, type Principal } from "../access/principal.ts";
import { activeKeyByHash, touchApiKey } from "../db/api-keys.ts";
import { AppError } from "../errors.ts";
import { limitRequestRate } from "../limits/rate-limit.ts";
import { sha256Hex } from "../text/sha256.ts";
import type { AppEnv } from "./router.ts";

const encoder = new TextEncoder();
const BEARER = /^Bearer\s+(.+)$/i;
/** The prefix of every key made by POST /v1/keys (workers/access/keys.ts). */
export const KEY_PREFIX = "ta_";
/** last_used_at is written at most once a minute per key. */
const TOUCH_EVERY_MS = 60_000;

/** The token of an `Authorization: Bearer <token>` header, or null. */
export const bearerToken = (authorization: string | undefined): string | null =>
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
 * Whether two byte strings are equal, compared with the platform's constant-time
 * timingSafeEqual (https://developers.cloudflare.com/workers/examples/protect-against-timing-attacks/).
 * It needs equal lengths; a value of another length is compared with `want` itself,
 * so the time does not depend on the content, only (as in that example) on the length.
 */
export function timingSafeEqualBytes(given: Uint8Array, want: Uint8Array): boolean {
  if (given.byteLength !== want.byteLength) return !crypto.subtle.timingSafeEqual(want, want);
  return crypto.subtle.timingSafeEqual(given, want);
}

/** Whether `token` is the bootstrap `key`, in constant time. */
function matches(key: string, token: string): boolean {
  return timingSafeEqualBytes(encoder.encode(token), expectedKey(key).bytes);
}

/**
 * The key row a `ta_…` token names: looked up by the SHA-256 of the token (the secret itself is
 * never stored), then the stored digest compared with the computed one in constant time. A revoked
 * key is not found, so revocation holds from the very next request (no cache).
 */
async function keyRow(c: Parameters<MiddlewareHandler<AppEnv>>[0], token: string) {
  const hash = await sha256Hex(token);
  const row = await activeKeyByHash(c.var.db, hash);
  if (!row || !timingSafeEqualBytes(encoder.encode(row.hash), encoder.encode(hash))) return null;
  return { row, hash };
}

/**
 * `Authorization: Bearer <key>`: the API_KEY secret (the bootstrap admin key) or a key made by
 * POST /v1/keys. With no API_KEY configured the API refuses, it never opens up. A valid key is
 * then held to the per-key request rate (workers/limits/rate-limit.ts), and the caller is on the
 * context as `principal` for the scope and persona checks (workers/api/authorize.ts).
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
  let principal: Principal;
  if (matches(key, token)) {
    principal = BOOTSTRAP;
    // The key matched, so the rate key is the configured key's digest, hashed once per isolate.
    await limitRequestRate(c.env, () => {
      const k = expectedKey(key);
      return (k.hex ??= sha256Hex(k.bytes));
    });
  } else {
    const found = token.startsWith(KEY_PREFIX) ? await keyRow(c, token) : null;
    if (!found) throw new AppError("unauthorized", "API key is not valid");
    const { row, hash } = found;
    principal = { keyId: row.id, name: row.name, scopes: row.scopes, personaIds: row.personaIds };
    await limitRequestRate(c.env, async () => hash);
    const now = Date.now();
    if (row.lastUsedAt === null || row.lastUsedAt < now - TOUCH_EVERY_MS)
      c.executionCtx.waitUntil(touchApiKey(c.var.db, row.id, now, TOUCH_EVERY_MS).catch(() => {}));
  }
  c.set("principal", principal);
  await next();
};

/** Whether the request carries the right key; for public routes that show more to the operator. */
export function hasApiKey(env: Env, authorization: string | undefined): boolean {
  const token = bearerToken(authorization);
  return env.API_KEY && token ? matches(env.API_KEY, token) : false;
}
