import type { MiddlewareHandler } from "hono";
import { newId } from "../ids.ts";
import { withRequestId } from "../log.ts";
import type { AppEnv } from "./router.ts";

// A caller's own id is kept when it is short and plain, so it can be followed through the
// proxy's logs and ours; anything else (too long, spaces, control characters) gets a fresh one.
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Every response carries `x-request-id`; error envelopes and log lines quote the same id. */
export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const id = incoming && SANE_ID.test(incoming) ? incoming : newId("request");
  c.set("requestId", id);
  c.header("x-request-id", id);
  // Log lines written while handling the request (workers/log.ts) carry the same id.
  await withRequestId(id, next);
  // Routes that build their own Response (assets, streams) skip c.header; set it on the way out too.
  if (!c.res.headers.has("x-request-id")) {
    try {
      c.res.headers.set("x-request-id", id);
    } catch {
      // An immutable Response (e.g. straight from a fetch) is rebuilt with the header.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set("x-request-id", id);
    }
  }
};
