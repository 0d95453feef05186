// Per-request plumbing shared by the fake's routes: typed context, request parameters
// (Graph accepts them in the query string or a form/JSON body), token authentication,
// and the forced-fault wrapper.
import type { Context } from "hono";
import { rawShapeProblem } from "../api/json-input.ts";
import { E, graphErrorResponse, specForCode } from "./graph-errors.ts";
import { sleep } from "./faults.ts";
import type { FaultState } from "./faults.ts";
import type { FakeThreadsOptions } from "./options.ts";
import { stableUserId } from "./prng.ts";
import { getToken, getUsername } from "./store.ts";
import type { FakeDb } from "./store.ts";

export interface FakeServices {
  opts: FakeThreadsOptions;
  faults: FaultState;
  /** Keyword-search query times per user (the 2,200 per rolling 24 h limit), per app instance. */
  searches: Map<string, number[]>;
  db: FakeDb;
  now: number;
  params: Record<string, string>;
}

export type FakeEnv = { Bindings: Env; Variables: { fake: FakeServices } };
export type FakeContext = Context<FakeEnv>;

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
};

export async function readParams(c: Context): Promise<Record<string, string>> {
  const out: Record<string, string> = { ...c.req.query() };
  if (c.req.method !== "POST") return out;
  const type = c.req.header("content-type") ?? "";
  if (type.includes("application/json")) {
    // Parsed only within the API's raw shape limits (depth, values): a hostile body is ignored like a malformed one.
    const text = await c.req.text();
    const body: unknown = rawShapeProblem(text) ? {} : safeJson(text);
    if (body && typeof body === "object") {
      for (const [k, v] of Object.entries(body)) if (typeof v === "string" || typeof v === "number") out[k] = String(v);
    }
  } else if (type.includes("form")) {
    const body = await c.req.parseBody();
    for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  }
  return out;
}

export interface Viewer {
  userId: string;
  username: string;
}

/** Ad-hoc `fake-<name>` tokens map to a stable user; issued tokens are looked up in D1. */
export async function authenticate(c: FakeContext): Promise<Viewer | Response> {
  const { db, params, now } = c.var.fake;
  const header = c.req.header("authorization")?.replace(/^(Bearer|OAuth)\s+/i, "");
  const token = params["access_token"] ?? header;
  if (!token)
    return graphErrorResponse(c, {
      ...E.invalidToken(),
      message: "An active access token must be used to query information about the current user.",
    });
  const found = await getToken(db, token);
  const issued = found?.kind === "code" ? undefined : found; // an authorization code is no access token
  if (found?.kind === "code") return graphErrorResponse(c, E.invalidToken());
  if (issued) {
    if (issued.expiresAt <= now) return graphErrorResponse(c, E.expiredToken());
    return { userId: issued.userId, username: (await getUsername(db, issued.userId)) ?? "fake_user" };
  }
  if (token.startsWith("fake-")) return { userId: stableUserId(token), username: usernameFrom(token.slice(5)) };
  return graphErrorResponse(c, E.invalidToken());
}

export function usernameFrom(s: string): string {
  const name = s
    .toLowerCase()
    .replace(/[^a-z0-9._]/g, "_")
    .slice(0, 30);
  return name.length > 0 ? name : "fake_user";
}

/** `me` or the viewer's own id; anything else is someone else's node. */
export function ownsPath(viewer: Viewer, pathId: string): boolean {
  return pathId === "me" || pathId === viewer.userId;
}

/**
 * Runs `perform` under the forced faults configured for `op`: an error instead of the call,
 * a bare 502, a hang (then the call still happens), or the call followed by a 500.
 */
export async function guarded(c: FakeContext, op: string, perform: () => Promise<Response>): Promise<Response> {
  const { opts, faults } = c.var.fake;
  const action = faults.take(opts, op, (a) => a.kind !== "status");
  if (action?.kind === "code") return graphErrorResponse(c, specForCode(action.code));
  if (action?.kind === "http") return c.html("<html><body><h1>502 Bad Gateway</h1></body></html>", 502);
  if (action?.kind === "timeout") await sleep(opts.hangMs);
  const res = await perform();
  if (action?.kind === "after" && res.ok) return graphErrorResponse(c, { ...E.unavailable(), status: 500 });
  return res;
}

/** Graph returns only the requested fields (plus id); `fields` absent → the defaults. */
export function pick(
  obj: Record<string, unknown>,
  fields: string | undefined,
  defaults: string[],
): Record<string, unknown> {
  const wanted = fields
    ? fields
        .split(",")
        .map((f) => f.trim())
        .filter(Boolean)
    : defaults;
  const out: Record<string, unknown> = { id: obj["id"] };
  for (const f of wanted) if (obj[f] !== undefined && obj[f] !== null) out[f] = obj[f];
  return out;
}

/** 2026-11-20T09:00:00+0000, the Graph timestamp format. */
export function graphTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
}
