import { env } from "cloudflare:test";

/** A read-only view of env with some vars replaced; assigning to env would leak into other tests. */
export const withVars = (vars: Record<string, string>): Env =>
  new Proxy(env, {
    get: (target, key) => (typeof key === "string" && key in vars ? vars[key] : Reflect.get(target, key)),
  });
