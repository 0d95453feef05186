import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors.ts";
import { unsafeTextProblem } from "../text/unsafe-chars.ts";
import { parseJsonInput } from "./json-input.ts";
import type { AppEnv } from "./router.ts";

// One rule for every /v1 route, including ones added later: a request body is JSON (else 415),
// and no string in it, nor in the query string, carries control, bidi-override or lone-surrogate
// characters (else 400 naming the field by its JSON path, e.g. `topics.2`), and its shape stays
// within JSON_LIMITS (depth, array items, key length: json-input.ts), so nothing after this walks
// an input deep enough to exhaust the stack. Route schemas use safeString() for the character
// rule; this catches a schema that forgot it.

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json$/i;
/** The one route that also takes CSV: a history import (its parser checks every cell). */
const CSV_ROUTE = /^\/v1\/personas\/[^/]+\/history$/;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const bodyGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  // Only the query string is parsed (not the whole URL), and only when there is one.
  const q = c.req.url.indexOf("?");
  const query = q >= 0 ? new URLSearchParams(c.req.url.slice(q + 1)) : [];
  for (const [name, value] of query) {
    const problem = unsafeTextProblem(name) ?? unsafeTextProblem(value);
    if (problem) throw new AppError("bad_request", `${name}: ${problem}`, { field: name });
  }
  if (!BODY_METHODS.has(c.req.method)) return next();
  // Read once here (as bytes: the type is not known to be text yet); Hono caches the body, so the
  // route's JSON validator reuses it.
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength === 0) return next();
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim();
  const csv = /^text\/csv$/i.test(type) && c.req.method === "POST" && CSV_ROUTE.test(c.req.path);
  if (!JSON_TYPE.test(type) && !csv) {
    throw new AppError(
      "unsupported_media_type",
      `content-type: the body must be application/json, not ${type ? `'${type}'` : "unlabelled"}`,
      {
        field: "content-type",
        expected: "application/json",
      },
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError("bad_request", "body: not valid UTF-8", { field: "body" });
  }
  if (csv) return next();
  const parsed = parseJsonInput(text);
  if (!parsed.ok) throw new AppError("bad_request", parsed.problem.message, parsed.problem.details);
  return next();
};
