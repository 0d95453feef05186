import type { MiddlewareHandler } from "hono";
import { accessIdentity } from "../access/cf-access.ts";
import { BOOTSTRAP, accessPrincipal, type Principal } from "../access/principal.ts";
import { activeKeyByHash, touchApiKey } from "../db/api-keys.ts";
import { AppError } from "../errors.ts";
import { limitRequestRate } from "../limits/rate-limit.ts";
import { sha256Hex } from "../text/sha256.ts";
import type { Db } from "../db/client.ts";
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
async function keyRow(db: Db, token: string) {
  const hash = await sha256Hex(token);
  const row = await activeKeyByHash(db, hash);
  if (!row || !timingSafeEqualBytes(encoder.encode(row.hash), encoder.encode(hash))) return null;
  return { row, hash };
}

export interface Authenticated {
  principal: Principal;
  /** The SHA-256 of the key, for the per-key request rate. */
  rateKey: () => Promise<string>;
  /** A key row's id and last use, to record this one; null for the bootstrap key. */
  row: { id: string; lastUsedAt: number | null } | null;
}

/**
 * Who a bearer token is: the API_KEY secret (the bootstrap admin key) or a key made by
 * POST /v1/keys; null when it is neither. Also the check of /mcp's API-key fallback under OAuth
 * (workers/api/oauth.ts).
 */
export async function authenticate(env: Env, db: Db, token: string): Promise<Authenticated | null> {
  const key = env.API_KEY;
  if (key && matches(key, token)) {
    // The rate key is the configured key's digest, hashed once per isolate.
    return {
      principal: BOOTSTRAP,
      rateKey: () => {
        const k = expectedKey(key);
        return (k.hex ??= sha256Hex(k.bytes));
      },
      row: null,
    };
  }
  const found = token.startsWith(KEY_PREFIX) ? await keyRow(db, token) : null;
  if (!found) return null;
  const { row, hash } = found;
  return {
    principal: { keyId: row.id, name: row.name, scopes: row.scopes, personaIds: row.personaIds },
    rateKey: async () => hash,
    row,
  };
}

/**
 * `Authorization: Bearer <key>` (authenticate()). With no API_KEY configured the API refuses, it
 * never opens up. A valid key is then held to the per-key request rate
 * (workers/limits/rate-limit.ts), and the caller is on the context as `principal` for the scope
 * and persona checks (workers/api/authorize.ts).
 */
export const requireApiKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.env.API_KEY)
    throw new AppError(
      "unavailable",
      "API_KEY is not configured on the server; set it in .dev.vars or with `wrangler secret put API_KEY`",
    );
  const token = bearerToken(c.req.header("authorization"));
  if (!token) {
    // Behind Cloudflare Access (when configured), the operator Access let through is an admin.
    const email = await accessIdentity(c.env, c.req.raw);
    if (!email) throw new AppError("unauthorized", "Authorization: Bearer <API_KEY> header required");
    const principal = accessPrincipal(email);
    await limitRequestRate(c.env, () => sha256Hex(principal.keyId));
    c.set("principal", principal);
    return next();
  }
  const who = await authenticate(c.env, c.var.db, token);
  if (!who) throw new AppError("unauthorized", "API key is not valid");
  await limitRequestRate(c.env, who.rateKey);
  const now = Date.now();
  const row = who.row;
  if (row && (row.lastUsedAt === null || row.lastUsedAt < now - TOUCH_EVERY_MS))
    c.executionCtx.waitUntil(touchApiKey(c.var.db, row.id, now, TOUCH_EVERY_MS).catch(() => {}));
  c.set("principal", who.principal);
  await next();
};

/** Whether the request carries the right key; for public routes that show more to the operator. */
export function hasApiKey(env: Env, authorization: string | undefined): boolean {
  const token = bearerToken(authorization);
  return env.API_KEY && token ? matches(env.API_KEY, token) : false;
}
