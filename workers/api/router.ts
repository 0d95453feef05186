import { OpenAPIHono } from "@hono/zod-openapi";
import type { Settings } from "../settings/index.ts";
import type { Db } from "../db/client.ts";
import type { Services } from "../services.ts";
import { AppError } from "../errors.ts";
import type { Principal } from "../access/principal.ts";

export interface AppEnv {
  Bindings: Env;
  Variables: { db: Db; settings: Settings; services: Services; requestId: string; principal: Principal };
}

interface ZodIssueLike {
  path: PropertyKey[];
  message: string;
  code?: string;
  keys?: string[];
}

// The validator targets by what a client calls them.
const TARGET_NAMES: Record<string, string> = { json: "body", query: "query", param: "path", header: "header" };

/** Names the offending field first, so a client can tell what to fix from the message alone. */
export function validationError(issues: readonly ZodIssueLike[], target: string): AppError {
  const details = issues.flatMap((i) => {
    const path = i.path.map(String);
    // An unknown field is named itself, not its parent object.
    if (i.code === "unrecognized_keys" && i.keys?.length)
      return i.keys.map((k) => ({ field: [...path, k].join("."), message: "unknown field" }));
    return [{ field: path.join(".") || (TARGET_NAMES[target] ?? target), message: i.message }];
  });
  const first = details[0];
  const message = first ? `${first.field}: ${first.message}` : `invalid ${target}`;
  return new AppError("bad_request", message, { issues: details });
}

/** Every resource router validates with zod and reports failures in the one error envelope. */
export const newRouter = () =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result, _c) => {
      if (!result.success) throw validationError(result.error.issues, result.target);
    },
  });
