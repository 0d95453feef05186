import { dueSources } from "../db/sources.ts";
import { personaAgent } from "../durable/persona-agent.ts";
import { logError } from "../log.ts";
import { services } from "../services.ts";

/** Sources per run: each is one or two fetches in its persona's agent; the next run takes the rest. */
export const SOURCES_PER_RUN = 25;

/**
 * Every 15 minutes: pages and feeds whose refresh is due (SOURCE_REFRESH_MINUTES after the last
 * fetch, failed ones too) are fetched again, conditionally (If-None-Match / If-Modified-Since), in
 * their persona's agent; changed items get new chunks, unchanged ones are left alone.
 */
export async function refreshSources(env: Env, now: number): Promise<{ refreshed: number; failed: number }> {
  const due = await dueSources(services(env).db, now, SOURCES_PER_RUN);
  let refreshed = 0;
  let failed = 0;
  for (const source of due) {
    try {
      const result = await personaAgent(env, source.personaId).refreshSource(source.id);
      if (result.ok && result.value.source.status !== "failed") refreshed++;
      else failed++;
    } catch (err) {
      failed++;
      logError("sources.refresh_failed", { source_id: source.id, error: String(err) });
    }
  }
  return { refreshed, failed };
}
