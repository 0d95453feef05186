import { env } from "cloudflare:test";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import {
  contentScore,
  createFakeThreadsApp,
  engagementAt,
  fakeThreadsApp,
  followersFor,
  inProcessFakeFetch,
  interactions,
  parseAudience,
  stableUserId,
} from "../../workers/fake-threads/index.ts";
import { type ThreadsApiError, ThreadsClient } from "../../workers/providers/threads/index.ts";
import { caught, fakeThreads, START } from "../support/fake-threads.ts";

const HOUR = 3_600_000;

async function publishNow(f: ReturnType<typeof fakeThreads>, token: string, text: string): Promise<string> {
  const c = await f.client.createContainer("me", token, { text });
  await f.finished(c, token);
  return f.client.publish("me", token, c);
}

describe("fake Threads: switches and shapes", () => {
  it("is off unless enabled", async () => {
    const app = new Hono().route("/fake-threads", fakeThreadsApp);
    const res = await app.request("/fake-threads/v1.0/me?access_token=fake-a", undefined, {
      ...env,
      FAKE_THREADS_ENABLED: "false",
    });
    expect(res.status).toBe(404);
    const on = await app.request("/fake-threads/v1.0/me?access_token=fake-a", undefined, {
      ...env,
      FAKE_THREADS_ENABLED: "true",
    });
    expect(on.status).toBe(200);
    expect(await on.json()).toEqual({ id: stableUserId("fake-a") });
  });

  it("serves the real client in-process from THREADS_API_BASE=…/fake-threads", async () => {
    const client = new ThreadsClient({
      baseUrl: "http://localhost:8787/fake-threads",
      fetch: inProcessFakeFetch({ ...env, FAKE_THREADS_ENABLED: "true" } as Env),
    });
    expect((await client.getMe("fake-local")).username).toBe("local");
  });

  it("answers errors in the Graph envelope", async () => {
    const { fetch } = fakeThreads();
    const res = await fetch("http://fake.test/fake-threads/v1.0/me?access_token=nope");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: "OAuthException", code: 190 });
    expect(typeof body.error["message"]).toBe("string");
    expect(body.error["fbtrace_id"]).toMatch(/^A[\w]{10,}$/);
  });

  it("keeps users apart", async () => {
    const f = fakeThreads();
    const mediaId = await publishNow(f, "fake-owner", "mine");
    const err = await caught<ThreadsApiError>(() => f.client.getPost(mediaId, "fake-intruder"));
    expect(err).toMatchObject({ kind: "permanent", code: 100, subcode: 33 });
    const other = await caught<ThreadsApiError>(() => f.client.listPosts(stableUserId("fake-owner"), "fake-intruder"));
    expect(other.kind).toBe("permanent");
  });

  it("rejects a publish before processing finished with the real 24/4279009 race", async () => {
    const f = fakeThreads();
    const c = await f.client.createContainer("me", "fake-racer", { text: "too fast" });
    const err = await caught<ThreadsApiError>(() => f.client.publish("me", "fake-racer", c));
    expect(err).toMatchObject({ kind: "transient", code: 24, subcode: 4279009, outcomeUnknown: false });
    f.advance(1000);
    expect(await f.client.publish("me", "fake-racer", c)).toMatch(/^\d+$/); // same container, retried
  });
});

describe("fake Threads: faults", () => {
  it("publish:after performs the publish, then reports a 500", async () => {
    const f = fakeThreads({ fail: "publish:after" });
    const token = "fake-after";
    const text = "Exactly once, please?";
    const c = await f.client.createContainer("me", token, { text });
    await f.finished(c, token);
    const err = await caught<ThreadsApiError>(() => f.client.publish("me", token, c));
    expect(err).toMatchObject({ kind: "transient", httpStatus: 500, outcomeUnknown: true });

    // The post went out: the container says so and the post is listed.
    expect((await f.client.getContainerStatus(c, token)).status).toBe("PUBLISHED");
    const { posts } = await f.client.listPosts("me", token);
    expect(posts.map((p) => p.text)).toEqual([text]);
    // Publishing the same container again never makes a second post.
    const again = await caught<ThreadsApiError>(() => f.client.publish("me", token, c));
    expect(again.kind).toBe("permanent");
    expect((await f.client.listPosts("me", token)).posts).toHaveLength(1);
  });

  it("forced faults can be limited to the first N calls", async () => {
    const f = fakeThreads({ fail: "container:2#2" });
    for (let i = 0; i < 2; i++) {
      const err = await caught<ThreadsApiError>(() => f.client.createContainer("me", "fake-n", { text: "t" }));
      expect(err.kind).toBe("transient");
    }
    expect(await f.client.createContainer("me", "fake-n", { text: "t" })).toMatch(/^\d+$/);
  });

  it("FAKE_THREADS_FAIL from vars is honoured, e.g. publish:190", async () => {
    const app = new Hono().route("/fake-threads", createFakeThreadsApp({ now: () => START }));
    const vars = { ...env, FAKE_THREADS_ENABLED: "1", FAKE_THREADS_FAIL: "publish:190" };
    const res = await app.request(
      "/fake-threads/v1.0/me/threads_publish?creation_id=1&access_token=fake-v",
      { method: "POST" },
      vars,
    );
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(190);
  });

  it("random faults follow the seeded rate and repeat for the same seed", async () => {
    const outcomes = async (seed: string) => {
      const f = fakeThreads({ faultRate: 0.5, seed });
      const seen: string[] = [];
      for (let i = 0; i < 30; i++) {
        try {
          await f.client.getMe("fake-dice");
          seen.push("ok");
        } catch (err) {
          expect(err).toMatchObject({ kind: "transient", code: 2 });
          seen.push("fail");
        }
      }
      return seen;
    };
    const a = await outcomes("dice-1");
    expect(a.filter((x) => x === "fail").length).toBeGreaterThan(5);
    expect(a.filter((x) => x === "ok").length).toBeGreaterThan(5);
    expect(await outcomes("dice-1")).toEqual(a);
    const always = fakeThreads({ faultRate: 1 });
    expect((await caught<ThreadsApiError>(() => always.client.getMe("fake-x"))).code).toBe(2);
  });

  it("adds latency", async () => {
    const f = fakeThreads({ latencyMs: 120 });
    const t0 = Date.now();
    await f.client.getMe("fake-slow");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
  });
});

describe("fake Threads: quota", () => {
  it("enforces 250 posts per rolling 24 hours", async () => {
    const f = fakeThreads();
    const token = "fake-prolific";
    const userId = stableUserId(token);
    const insert = env.DB.prepare(
      "INSERT INTO fake_threads_media (id, user_id, container_id, media_type, text, shortcode, published_at) VALUES (?, ?, ?, 'TEXT_POST', 'x', 'sc', ?)",
    );
    await env.DB.batch(
      Array.from({ length: 250 }, (_, i) => insert.bind(`9${i}`, userId, `c${i}`, START - 23 * HOUR + i * 1000)),
    );
    expect(await f.client.getPublishingLimit(userId, token)).toMatchObject({ quotaUsage: 250, quotaTotal: 250 });

    const c = await f.client.createContainer("me", token, { text: "one too many" });
    f.advance(1000);
    // Threads documents the limit, not an error code for it (9/2207042 is Instagram's): a plain refusal.
    const err = await caught<ThreadsApiError>(() => f.client.publish("me", token, c));
    expect(err).toMatchObject({ kind: "permanent", code: 100 });
    expect(err.message).toMatch(/limit of 250 API-published posts in 24 hours/);

    f.advance(HOUR + 5000); // the oldest posts leave the 24-hour window
    expect(await f.client.publish("me", token, c)).toMatch(/^\d+$/);
  });
});

describe("fake Threads: engagement", () => {
  it("grows over time, deterministically, as the model says", async () => {
    const f = fakeThreads();
    const token = "fake-grower";
    const text = "5 mistakes I made scaling a side project to 10k users. Which one hurts you most?";
    const mediaId = await publishNow(f, token, text);
    const publishedAt = f.clock.now;

    expect(await f.client.getPostInsights(mediaId, token)).toEqual(
      engagementAt({ text, seed: "test-seed", elapsedMs: 0 }),
    );
    f.advance(2 * HOUR);
    const at2h = await f.client.getPostInsights(mediaId, token);
    expect(at2h).toEqual(engagementAt({ text, seed: "test-seed", elapsedMs: 2 * HOUR }));
    expect(at2h.views).toBeGreaterThan(0);
    f.advance(22 * HOUR);
    const at24h = await f.client.getPostInsights(mediaId, token);
    expect(at24h.views).toBeGreaterThan(at2h.views);
    expect(at24h.likes).toBeGreaterThanOrEqual(at2h.likes);
    expect(at24h).toEqual(engagementAt({ text, seed: "test-seed", elapsedMs: f.clock.now - publishedAt }));

    const followers = await f.client.getAccountInsights("me", token);
    expect(followers.followersCount).toBe(
      followersFor({ seed: "test-seed", userId: stableUserId(token), totalInteractions: interactions(at24h) }),
    );
    expect(followers.followersCount).toBeGreaterThan(
      followersFor({ seed: "test-seed", userId: stableUserId(token), totalInteractions: 0 }),
    );
  });

  it("follows FAKE_THREADS_AUDIENCE from vars, per account: the same post, another audience, other numbers", async () => {
    const f = fakeThreads();
    const text = "Most people get pricing backwards.\n\nAsk the customers you already have what they would miss.";
    const ids = { a: await publishNow(f, "fake-aud-a", text), b: await publishNow(f, "fake-aud-b", text) };
    const publishedAt = f.clock.now;
    f.advance(24 * HOUR);
    const app = new Hono().route("/fake-threads", createFakeThreadsApp({ seed: "test-seed", now: () => f.clock.now }));
    const vars = {
      ...env,
      FAKE_THREADS_ENABLED: "1",
      FAKE_THREADS_AUDIENCE: `contrarian,${stableUserId("fake-aud-b")}=random:5`,
    };
    const client = new ThreadsClient({
      baseUrl: "http://fake.test/fake-threads",
      fetch: (input, init) => Promise.resolve(app.request(input, init, vars)),
    });
    const at = { text, seed: "test-seed", elapsedMs: f.clock.now - publishedAt };
    const a = await client.getPostInsights(ids.a, "fake-aud-a");
    const b = await client.getPostInsights(ids.b, "fake-aud-b");
    expect(a).toEqual(engagementAt({ ...at, audience: parseAudience("contrarian") }));
    expect(b).toEqual(engagementAt({ ...at, audience: parseAudience("random:5") }));
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(await f.client.getPostInsights(ids.a, "fake-aud-a")); // the default audience's
    // A value the fake cannot read fails loudly rather than silently measuring the default audience.
    const bad = await app.request(
      `/fake-threads/v1.0/${ids.a}/insights?metric=views&access_token=fake-aud-a`,
      undefined,
      {
        ...vars,
        FAKE_THREADS_AUDIENCE: "shouty",
      },
    );
    expect(bad.status).toBe(500);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /FAKE_THREADS_AUDIENCE: unknown audience 'shouty'/,
    );
  });

  it("depends on the content and the seed", () => {
    const strong = "3 pricing mistakes that cost me $40k. Are you making #2?";
    const weak = "ok";
    expect(contentScore(strong)).toBeGreaterThan(contentScore(weak) * 2);
    const a = engagementAt({ text: strong, seed: "s1", elapsedMs: 24 * HOUR });
    expect(a.views).toBeGreaterThan(engagementAt({ text: weak, seed: "s1", elapsedMs: 24 * HOUR }).views);
    expect(a.replies).toBeGreaterThan(0);
    expect(engagementAt({ text: strong, seed: "s1", elapsedMs: 24 * HOUR })).toEqual(a);
    expect(engagementAt({ text: strong, seed: "s2", elapsedMs: 24 * HOUR })).not.toEqual(a);
  });
});
