import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./router.ts";

/**
 * The dashboard, /docs and the API load only their own scripts, styles and data (no CDN, no
 * inline code); nothing may frame them (clickjacking), browsers must not guess content types,
 * and no page address leaks to other sites through Referer. `data:` images cover the inline
 * favicon and the icons Swagger UI embeds. A route that needs more sets its own policy first.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const HEADERS: Record<string, string> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};

export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  let headers = c.res.headers;
  try {
    for (const [name, value] of Object.entries(HEADERS)) if (!headers.has(name)) headers.set(name, value);
  } catch {
    // Responses passed through from a fetch (static assets) are immutable: copy, then set.
    c.res = new Response(c.res.body, c.res);
    headers = c.res.headers;
    for (const [name, value] of Object.entries(HEADERS)) if (!headers.has(name)) headers.set(name, value);
  }
};
