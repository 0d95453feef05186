import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors.ts";
import type { AppEnv } from "./router.ts";

const encoder = new TextEncoder();

// Compare digests so the comparison takes the same time whatever the lengths.
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([a, b].map((s) => crypto.subtle.digest("SHA-256", encoder.encode(s))));
  return crypto.subtle.timingSafeEqual(da as ArrayBuffer, db as ArrayBuffer);
}

/** `Authorization: Bearer <API_KEY>`. With no API_KEY configured the API refuses, it never opens up. */
export const requireApiKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.env.API_KEY;
  if (!expected) throw new AppError("unavailable", "API_KEY is not configured on the server; set it in .dev.vars or with `wrangler secret put API_KEY`");
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match?.[1]) throw new AppError("unauthorized", "Authorization: Bearer <API_KEY> header required");
  if (!(await sameSecret(match[1], expected))) throw new AppError("unauthorized", "API key is not valid");
  await next();
};
