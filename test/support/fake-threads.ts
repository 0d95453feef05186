// Test harness: the fake Threads API mounted in a tiny Hono app, and a real ThreadsClient
// whose fetch is app.request. One clock drives both; `advance` and `finished` move it, so
// container processing and engagement growth are instant and deterministic.
import { env } from "cloudflare:test";
import { Hono } from "hono";
import { createFakeThreadsApp } from "../../workers/fake-threads/index.ts";
import type { FakeThreadsOverrides } from "../../workers/fake-threads/index.ts";
import { ThreadsClient } from "../../workers/providers/threads/index.ts";
import type { ThreadsClientOptions } from "../../workers/providers/threads/index.ts";

export const START = Date.UTC(2026, 10, 20, 9, 0, 0);
export const BASE = "http://fake.test/fake-threads";

export function fakeThreads(overrides: FakeThreadsOverrides = {}, clientOpts: ThreadsClientOptions = {}) {
  const clock = { now: START };
  const app = new Hono().route(
    "/fake-threads",
    createFakeThreadsApp({ enabled: true, seed: "test-seed", processingMs: 1000, now: () => clock.now, ...overrides }),
  );
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise.resolve(app.request(input, init, env));
  const client = new ThreadsClient({
    baseUrl: BASE,
    fetch,
    now: () => clock.now,
    ...clientOpts,
  });
  return {
    app,
    fetch,
    client,
    clock,
    advance(ms: number) {
      clock.now += ms;
    },
    /** Moves the clock a second at a time until the container is FINISHED (the publisher's own checks live in the agent). */
    async finished(containerId: string, token: string) {
      for (let i = 0; i < 60; i++) {
        clock.now += 1000;
        const { status } = await client.getContainerStatus(containerId, token);
        if (status === "FINISHED") return;
        if (status !== "IN_PROGRESS") throw new Error(`container ${containerId} is ${status}`);
      }
      throw new Error(`container ${containerId} still IN_PROGRESS after 60 s`);
    },
  };
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function caught<T = unknown>(fn: () => Promise<unknown>): Promise<T> {
  try {
    await fn();
  } catch (err) {
    return err as T;
  }
  throw new Error("expected the call to throw");
}
