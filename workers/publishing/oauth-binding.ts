import type { Context } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import { sha256Hex } from "../text/sha256.ts";

// Binds an OAuth connect flow to the browser that started it (login-CSRF / state-fixation
// defence, RFC 6749 §10.12): the connect route sets an HttpOnly, SameSite=Lax cookie with a random
// secret and stores its SHA-256 next to the state; the callback, reached by a top-level redirect
// from Threads (so Lax cookies are sent), must bring the same secret. On https the cookie uses the
// `__Host-` prefix (Secure, Path=/, no Domain: no subdomain can plant or read it); plain-http
// local runs cannot set Secure cookies everywhere, so they use the unprefixed name.

const NAME = "threads_oauth";

const isHttps = (c: Context): boolean => new URL(c.req.url).protocol === "https:";

export const newBindingSecret = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
};

export const bindingHash = (secret: string): Promise<string> => sha256Hex(secret);

export function setBindingCookie(c: Context, secret: string, maxAgeSeconds: number): void {
  const opts = { path: "/", httpOnly: true, sameSite: "Lax" as const, maxAge: maxAgeSeconds };
  if (isHttps(c)) setCookie(c, NAME, secret, { ...opts, secure: true, prefix: "host" });
  else setCookie(c, NAME, secret, opts);
}

/** The secret this browser holds for the flow, or null without the cookie. */
export function readBindingCookie(c: Context): string | null {
  return (isHttps(c) ? getCookie(c, NAME, "host") : getCookie(c, NAME)) ?? null;
}

export function clearBindingCookie(c: Context): void {
  if (isHttps(c)) deleteCookie(c, NAME, { path: "/", secure: true, prefix: "host" });
  else deleteCookie(c, NAME, { path: "/" });
}
