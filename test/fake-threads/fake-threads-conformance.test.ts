// The fake Threads API is as strict as the documented service (docs/conformance.md lists each
// rule with its source). Every test here pins one documented behaviour.
import { describe, expect, it } from "vitest";
import { stableUserId } from "../../workers/fake-threads/index.ts";
import type { ThreadsApiError } from "../../workers/providers/threads/index.ts";
import { BASE, caught, fakeThreads } from "../support/fake-threads.ts";

const DAY = 86_400_000;

async function publish(
  f: ReturnType<typeof fakeThreads>,
  token: string,
  text: string,
  topicTag?: string,
): Promise<string> {
  const c = await f.client.createContainer("me", token, { text, topicTag });
  await f.finished(c, token);
  return f.client.publish("me", token, c);
}

describe("fake Threads: post text limits", () => {
  // https://developers.facebook.com/documentation/threads/posts (updated 2026-04-14):
  // "Text posts are limited to 500 characters. Emojis are counted as the number of UTF-8 bytes."
  it("refuses a 200-emoji post (800 by Threads' count) and accepts 125 emoji (500)", async () => {
    const f = fakeThreads();
    const err = await caught<ThreadsApiError>(() =>
      f.client.createContainer("me", "fake-emoji", { text: "🎉".repeat(200) }),
    );
    expect(err).toMatchObject({ kind: "permanent", code: 100 });
    expect(err.message).toMatch(/at most 500 characters/);
    expect(await f.client.createContainer("me", "fake-emoji", { text: "🎉".repeat(125) })).toMatch(/^\d+$/);
  });

  // https://developers.facebook.com/documentation/threads/create-posts/text-attachments (updated
  // 2026-07-02): "All unique URLs found in the text field are counted as links"; more than 5 fail
  // at container creation with THREADS_API__LINK_LIMIT_EXCEEDED.
  it("accepts the same link six times and refuses six different links", async () => {
    const f = fakeThreads();
    const same = Array.from({ length: 6 }, () => "https://example.com/guide").join(" and ");
    expect(await publish(f, "fake-links", same)).toMatch(/^\d+$/);
    const six = Array.from({ length: 6 }, (_, i) => `https://example.com/${i}`).join(" ");
    const err = await caught<ThreadsApiError>(() => f.client.createContainer("me", "fake-links", { text: six }));
    expect(err.message).toMatch(/THREADS_API__LINK_LIMIT_EXCEEDED/);
  });

  it("turns the first #tag into the topic tag and returns the text without that '#'", async () => {
    const f = fakeThreads();
    const id = await publish(f, "fake-tags", "Pricing is a promise #pricing and #saas");
    const post = await f.client.getPost(id, "fake-tags", ["id", "text", "topic_tag"]);
    expect(post).toMatchObject({ text: "Pricing is a promise pricing and #saas", topicTag: "pricing" });
  });
});

describe("fake Threads: OAuth and tokens", () => {
  // https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions:
  // "Authorization codes are valid for 1 hour and can only be used once"; a refused exchange
  // answers {"error_type":"OAuthException","code":400,"error_message":…} (flat, no envelope).
  async function code(f: ReturnType<typeof fakeThreads>): Promise<string> {
    const res = await f.fetch(
      `${BASE}/oauth/authorize?client_id=app1&redirect_uri=${encodeURIComponent("https://x.example/cb")}&scope=threads_basic&response_type=code`,
    );
    return new URL(res.headers.get("location") ?? "").searchParams.get("code") ?? "";
  }
  const exchange = (f: ReturnType<typeof fakeThreads>, c: string) =>
    f.fetch(`${BASE}/oauth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: "app1",
        client_secret: "s",
        grant_type: "authorization_code",
        redirect_uri: "https://x.example/cb",
        code: c,
      }).toString(),
    });

  it("accepts an authorization code once; a second use gets the documented flat error", async () => {
    const f = fakeThreads();
    const c = await code(f);
    expect((await exchange(f, c)).status).toBe(200);
    const again = await exchange(f, c);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      error_type: "OAuthException",
      code: 400,
      error_message: "Matching code was not found or was already used",
    });
    // …and the real client reads that shape.
    const err = await caught<ThreadsApiError>(() =>
      f.client.exchangeCode({ clientId: "app1", clientSecret: "s", redirectUri: "https://x.example/cb", code: c }),
    );
    expect(err.message).toMatch(/Matching code was not found or was already used/);
  });

  it("lets an authorization code expire after an hour and never accepts one as an access token", async () => {
    const f = fakeThreads();
    const c = await code(f);
    expect((await caught<ThreadsApiError>(() => f.client.getMe(c))).kind).toBe("auth");
    f.advance(3_600_001);
    expect((await exchange(f, c)).status).toBe(400);
  });

  // https://developers.facebook.com/docs/threads/get-started/long-lived-tokens/: short-lived tokens
  // (1 h) are exchanged for long-lived (60 days); those "can be refreshed as long as they are at
  // least 24 hours old but have not expired".
  it("exchanges only short-lived tokens and refreshes long-lived ones only once they are 24 h old", async () => {
    const f = fakeThreads();
    const short = await f.client.exchangeCode({
      clientId: "app1",
      clientSecret: "s",
      redirectUri: "https://x.example/cb",
      code: await code(f),
    });
    const long = await f.client.exchangeForLongLived(short.accessToken, "s");
    expect(long.expiresInSeconds).toBe(60 * 86_400);
    expect((await caught<ThreadsApiError>(() => f.client.exchangeForLongLived(long.accessToken, "s"))).kind).toBe(
      "permanent",
    );
    const young = await caught<ThreadsApiError>(() => f.client.refreshLongLived(long.accessToken));
    expect(young.message).toMatch(/at least 24 hours old/);
    f.advance(DAY + 1000);
    expect((await f.client.refreshLongLived(long.accessToken)).accessToken).toMatch(/^THFAKEL/);
    f.advance(61 * DAY);
    expect((await caught<ThreadsApiError>(() => f.client.refreshLongLived(long.accessToken))).kind).toBe("auth");
  });

  // https://developers.facebook.com/documentation/threads/troubleshooting/debug-access-token (2025-06-04)
  it("describes a token through debug_token with issued_at / expires_at in seconds", async () => {
    const f = fakeThreads();
    const short = await f.client.exchangeCode({
      clientId: "app1",
      clientSecret: "s",
      redirectUri: "https://x.example/cb",
      code: await code(f),
    });
    const long = await f.client.exchangeForLongLived(short.accessToken, "s");
    const res = await f.fetch(
      `${BASE}/v1.0/debug_token?input_token=${long.accessToken}&access_token=${long.accessToken}`,
    );
    const body = (await res.json()) as { data: Record<string, unknown> };
    expect(body.data).toMatchObject({
      type: "USER",
      is_valid: true,
      user_id: short.userId,
      issued_at: Math.floor(f.clock.now / 1000),
    });
    expect(body.data["expires_at"]).toBe(Math.floor((f.clock.now + 60 * DAY) / 1000));
    const info = await f.client.debugToken(long.accessToken, long.accessToken);
    expect(info).toMatchObject({ isValid: true, expiresAt: Math.floor((f.clock.now + 60 * DAY) / 1000) * 1000 });
  });
});

describe("fake Threads: insights shapes", () => {
  // https://developers.facebook.com/documentation/threads/insights (updated 2026-01-30): user
  // `views` is a time series (values[] with end_time), the other user metrics are total_value.
  it("answers user views as values[] with end_time and followers_count as total_value", async () => {
    const f = fakeThreads();
    await publish(f, "fake-ins", "How to price your first SaaS? 3 rules.");
    f.advance(6 * 3_600_000);
    const res = await f.fetch(
      `${BASE}/v1.0/me/threads_insights?metric=views,followers_count,likes&access_token=fake-ins`,
    );
    const { data } = (await res.json()) as { data: Record<string, unknown>[] };
    const views = data.find((d) => d["name"] === "views");
    expect(views).toMatchObject({
      period: "day",
      values: [{ value: expect.any(Number), end_time: expect.stringMatching(/\+0000$/) }],
    });
    expect(views).not.toHaveProperty("total_value");
    expect(data.find((d) => d["name"] === "followers_count")).toMatchObject({
      total_value: { value: expect.any(Number) },
    });
    expect((await f.client.getAccountInsights(stableUserId("fake-ins"), "fake-ins")).followersCount).toBeGreaterThan(0);
    const shares = await f.fetch(`${BASE}/v1.0/me/threads_insights?metric=shares&access_token=fake-ins`);
    expect(shares.status).toBe(400);
  });
});

describe("fake Threads: keyword search", () => {
  // https://developers.facebook.com/documentation/threads/keyword-search (updated 2026-01-21)
  it("serves GET /keyword_search with the requested fields, own posts only without approval", async () => {
    const approved = fakeThreads({ keywordSearchApproved: true });
    await publish(approved, "fake-author", "Pricing pages that convert: 3 rules");
    await publish(approved, "fake-searcher", "My own pricing note");
    const url = `${BASE}/v1.0/keyword_search?q=pricing&search_type=RECENT&fields=id,text,username,timestamp,permalink&access_token=fake-searcher`;
    const { data } = (await (await approved.fetch(url)).json()) as { data: Record<string, unknown>[] };
    expect(data.map((d) => d["text"]).sort()).toEqual(["My own pricing note", "Pricing pages that convert: 3 rules"]);
    expect(Object.keys(data[0] ?? {}).sort()).toEqual(["id", "permalink", "text", "timestamp", "username"]);

    const unapproved = fakeThreads({ keywordSearchApproved: false });
    const own = (await (await unapproved.fetch(url)).json()) as { data: Record<string, unknown>[] };
    expect(own.data.map((d) => d["text"])).toEqual(["My own pricing note"]);
    expect((await approved.fetch(`${BASE}/v1.0/keyword_search?access_token=fake-searcher`)).status).toBe(400);
  });

  it("counts only queries with results toward the per-user daily limit (2,200; 3 here)", async () => {
    const f = fakeThreads({ keywordQueriesPerDay: 3 });
    await publish(f, "fake-q", "pricing");
    const hit = `${BASE}/v1.0/keyword_search?q=pricing&access_token=fake-q`;
    const miss = `${BASE}/v1.0/keyword_search?q=nothing-matches&access_token=fake-q`;
    for (let i = 0; i < 5; i++) expect((await f.fetch(miss)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await f.fetch(hit)).status).toBe(200);
    expect((await f.fetch(hit)).status).toBe(400);
    f.advance(DAY + 1);
    expect((await f.fetch(hit)).status).toBe(200);
  });
});

describe("fake Threads: throttling and paging", () => {
  // Throttles carry X-App-Usage / X-Business-Use-Case-Usage, not Retry-After
  // (https://developers.facebook.com/docs/graph-api/overview/rate-limiting/).
  it("sends the usage headers with a throttled answer, and the client waits what they say", async () => {
    const f = fakeThreads({ fail: "me:4" });
    const res = await f.fetch(`${BASE}/v1.0/me?access_token=fake-t`);
    expect(res.headers.get("retry-after")).toBeNull();
    expect(JSON.parse(res.headers.get("x-app-usage") ?? "{}")).toMatchObject({ call_count: 100 });
    const err = await caught<ThreadsApiError>(() => f.client.getMe("fake-t"));
    expect(err).toMatchObject({ kind: "throttled", retryAfterMs: 30 * 60_000 });
  });

  it("can leave out paging.next on a full page; the client still follows cursors.after", async () => {
    const f = fakeThreads({ pagingNext: false });
    for (let i = 0; i < 5; i++) {
      await publish(f, "fake-pager", `post ${i}`);
      f.advance(1000);
    }
    const first = await f.client.listPosts("me", "fake-pager", { limit: 2 });
    expect(first.posts).toHaveLength(2);
    expect(first.nextCursor).toBeDefined();
    const second = await f.client.listPosts("me", "fake-pager", { limit: 2, after: first.nextCursor });
    const third = await f.client.listPosts("me", "fake-pager", { limit: 2, after: second.nextCursor });
    expect(third.posts).toHaveLength(1);
    expect(third.nextCursor).toBeUndefined();
    expect(new Set([...first.posts, ...second.posts, ...third.posts].map((p) => p.text)).size).toBe(5);
  });
});
