import { OpenAPIHono } from "@hono/zod-openapi";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";

export interface AppEnv {
  Bindings: Env;
  Variables: { db: Db; config: Config; requestId: string };
}

interface ZodIssueLike {
  path: PropertyKey[];
  message: string;
}

/** Names the offending field first, so a client can tell what to fix from the message alone. */
export function validationError(issues: readonly ZodIssueLike[], target: string): AppError {
  const details = issues.map((i) => ({ field: i.path.map(String).join(".") || target, message: i.message }));
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
