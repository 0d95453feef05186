// The fake Threads Graph API as a Hono sub-app, mounted at /fake-threads so that
// THREADS_API_BASE=http://localhost:8787/fake-threads points the real client at it.
// Off unless FAKE_THREADS_ENABLED (or enabled: true in overrides): then every path is 404.
import { Hono } from "hono";
import { registerInsights } from "./routes-insights.ts";
import { registerOAuth } from "./routes-oauth.ts";
import { registerPublishing } from "./routes-publishing.ts";
import { registerRead } from "./routes-read.ts";
import { registerReplies } from "./routes-replies.ts";
import { registerSearch } from "./routes-search.ts";
import { readParams } from "./context.ts";
import type { FakeEnv } from "./context.ts";
import { FaultState, sleep } from "./faults.ts";
import { E, graphErrorResponse } from "./graph-errors.ts";
import { optionsFromVars } from "./options.ts";
import type { FakeThreadsOptions, FakeThreadsOverrides, FakeThreadsVars } from "./options.ts";
import { ensureFakeThreadsSchema } from "./schema.ts";
import { fakeDb } from "./store.ts";

/**
 * Builds the fake. Options are read from the FAKE_THREADS_* vars of each request's env, with
 * `overrides` taking precedence (tests pass a clock, faults, enabled: true).
 */
export function createFakeThreadsApp(overrides: FakeThreadsOverrides = {}): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();
  // Fault dice and #N counters persist per app instance; rebuilt if the options change.
  let cached:
    | { key: string; opts: FakeThreadsOptions; faults: FaultState; searches: Map<string, number[]> }
    | undefined;

  app.use("*", async (c, next) => {
    const vars = (c.env ?? {}) as Env & FakeThreadsVars;
    const key = JSON.stringify([
      vars.FAKE_THREADS_ENABLED,
      vars.FAKE_THREADS_SEED,
      vars.FAKE_THREADS_FAULT_RATE,
      vars.FAKE_THREADS_LATENCY_MS,
      vars.FAKE_THREADS_FAIL,
      vars.FAKE_THREADS_PROCESSING_MS,
      vars.FAKE_THREADS_QUOTA,
      vars.FAKE_THREADS_REPLIES,
      vars.FAKE_THREADS_WEBHOOK_URL,
      vars.THREADS_APP_ID,
      vars.THREADS_APP_SECRET,
      vars.FAKE_THREADS_AUDIENCE,
      vars.FAKE_THREADS_HISTORY_POSTS,
    ]);
    if (!cached || cached.key !== key) {
      let opts: FakeThreadsOptions;
      try {
        opts = optionsFromVars(vars, overrides);
      } catch (e) {
        // A FAKE_THREADS_* value it cannot read (FAIL, AUDIENCE): say so rather than run another setup.
        return c.json({ error: { code: "fake_threads_misconfigured", message: (e as Error).message } }, 500);
      }
      cached = { key, opts, faults: new FaultState(opts.seed), searches: new Map() };
    }
    const { opts, faults, searches } = cached;
    if (!opts.enabled)
      return c.json(
        { error: { code: "not_found", message: "fake Threads API is disabled (FAKE_THREADS_ENABLED)" } },
        404,
      );
    await ensureFakeThreadsSchema(c.env.DB);
    await sleep(opts.latencyMs);
    if (faults.rollRandom(opts.faultRate)) return graphErrorResponse(c, E.unavailable());
    c.set("fake", { opts, faults, searches, db: fakeDb(c.env.DB), now: opts.now(), params: await readParams(c) });
    await next();
  });

  // Fixed paths (/v1.0/debug_token, /v1.0/keyword_search) before the /v1.0/:id catch-all.
  registerOAuth(app);
  registerSearch(app);
  registerReplies(app);
  registerRead(app);
  registerPublishing(app);
  registerInsights(app);
  app.notFound((c) =>
    graphErrorResponse(c, { status: 404, code: 100, message: `Unknown path components: ${c.req.path}` }),
  );
  return app;
}

/** Options from the env only; mount with app.route("/fake-threads", fakeThreadsApp). */
export const fakeThreadsApp = createFakeThreadsApp();

/**
 * A fetch that serves THREADS_API_BASE=<anything>/fake-threads in-process instead of over
 * the network (a Worker calling its own hostname is not reliable outside `wrangler dev`).
 * Pass it as the ThreadsClient's `fetch` when the fake is enabled.
 */
// The host for the env-configured fake, built once: /fake-threads requests are served through it.
const defaultHost = new Hono<FakeEnv>().route("/fake-threads", fakeThreadsApp);

export function inProcessFakeFetch(env: Env, overrides: FakeThreadsOverrides = {}) {
  const host = Object.keys(overrides).length
    ? new Hono<FakeEnv>().route("/fake-threads", createFakeThreadsApp(overrides))
    : defaultHost;
  return (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    Promise.resolve(host.request(input, init, env));
}
