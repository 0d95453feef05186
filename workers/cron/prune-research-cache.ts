import { services } from "../services.ts";
import { settings } from "../settings/index.ts";
import { pruneCache } from "../research/cache.ts";

/** "0 3 * * *": drops search answers too old to serve even as a stale fallback. */
export function pruneResearchCache(env: Env, now: number): Promise<number> {
  return pruneCache(services(env).db, now, settings(env).research.staleMaxSeconds);
}
