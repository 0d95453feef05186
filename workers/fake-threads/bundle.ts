// Whether this build carries the fake Threads API. FAKE_THREADS_BUNDLED is a build-time constant
// (wrangler.toml `define`: "true" at the top level, "false" in [env.production]; vitest.config.ts
// for the tests). The bundler folds `false ? import(…) : null` away, so a production bundle holds
// no fake code at all (test/deploy/deploy-guard.node.mjs checks the built bundle).
import type { FakeThreadsOverrides } from "./options.ts";

declare const FAKE_THREADS_BUNDLED: boolean;

type FakeApp = typeof import("./app.ts");
type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

let loaded: Promise<FakeApp> | undefined;

/** The fake's module, loaded on first use; null in a build without it. */
export function loadFakeThreads(): Promise<FakeApp | null> {
  // One expression on purpose: esbuild drops the dead branch of a constant condition, import and all.
  return FAKE_THREADS_BUNDLED ? (loaded ??= import("./app.ts")) : Promise.resolve(null);
}

const notBundled = () =>
  new Response(
    JSON.stringify({ error: { code: "not_found", message: "this build does not include the fake Threads API" } }),
    { status: 404, headers: { "content-type": "application/json" } },
  );

/** Serves a request for /fake-threads/… (the route mounted in workers/app.ts). */
export async function serveFakeThreads(request: Request, env: Env): Promise<Response> {
  const fake = await loadFakeThreads();
  return fake ? fake.inProcessFakeFetch(env)(request) : notBundled();
}

/**
 * A fetch that serves THREADS_API_BASE=…/fake-threads in-process (see inProcessFakeFetch);
 * in a build without the fake it answers 404, so a misconfigured client fails loudly.
 */
export function fakeThreadsFetch(env: Env, overrides: FakeThreadsOverrides = {}): Fetch {
  let inner: Fetch | undefined;
  return async (input, init) => {
    if (!inner) {
      const fake = await loadFakeThreads();
      if (!fake) return notBundled();
      inner = fake.inProcessFakeFetch(env, overrides);
    }
    return inner(input, init);
  };
}
