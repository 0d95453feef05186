import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors.ts";
import { limitRequestRate } from "../limits/rate-limit.ts";
import type { AppEnv } from "./router.ts";

const encoder = new TextEncoder();
const sha256 = (s: string) => crypto.subtle.digest("SHA-256", encoder.encode(s));
const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

/**
 * `Authorization: Bearer <API_KEY>`. With no API_KEY configured the API refuses, it never opens up.
 * A valid key is then held to the per-key request rate (workers/limits/rate-limit.ts), so every
 * route behind the key is limited without each mount remembering to ask.
 */
export const requireApiKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.env.API_KEY;
  if (!expected) throw new AppError("unavailable", "API_KEY is not configured on the server; set it in .dev.vars or with `wrangler secret put API_KEY`");
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match?.[1]) throw new AppError("unauthorized", "Authorization: Bearer <API_KEY> header required");
  // Compare digests so the comparison takes the same time whatever the lengths.
  const [given, wanted] = await Promise.all([sha256(match[1]), sha256(expected)]);
  if (!crypto.subtle.timingSafeEqual(given, wanted)) throw new AppError("unauthorized", "API key is not valid");
  await limitRequestRate(c.env, hex(given));
  await next();
};

/** Whether the request carries the right key; for public routes that show more to the operator. */
export async function hasApiKey(env: Env, authorization: string | undefined): Promise<boolean> {
  const match = /^Bearer\s+(.+)$/i.exec((authorization ?? "").trim());
  if (!env.API_KEY || !match?.[1]) return false;
  const [given, wanted] = await Promise.all([sha256(match[1]), sha256(env.API_KEY)]);
  return crypto.subtle.timingSafeEqual(given, wanted);
}
