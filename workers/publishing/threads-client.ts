// The one place that builds the Worker's Threads client from settings.
import { fakeThreadsFetch } from "../fake-threads/bundle.ts";
import { ThreadsClient } from "../providers/threads/index.ts";
import type { PublishingSettings } from "../settings/index.ts";

/**
 * When THREADS_API_BASE is this Worker's own /fake-threads, the fake is served in-process:
 * no network hop, and no Worker fetching its own hostname (unreliable once deployed, and a
 * needless loop through the dev server locally). Same app, same D1 state as over HTTP.
 */
export function threadsClientFor(env: Env, settings: PublishingSettings): ThreadsClient {
  return new ThreadsClient({
    baseUrl: settings.apiBase,
    authorizeBaseUrl: settings.authorizeBase,
    fetch: settings.usesLocalFake ? fakeThreadsFetch(env) : undefined,
  });
}
