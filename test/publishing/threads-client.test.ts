import { describe, expect, it } from "vitest";
import { ThreadsApiError, ThreadsClient } from "../../workers/providers/threads/index.ts";
import { BASE, caught, fakeThreads } from "../support/fake-threads.ts";

describe("ThreadsClient against the fake Threads API", () => {
  it("runs the full flow: container → status → publish → permalink", async () => {
    const f = fakeThreads();
    const { client } = f;
    const token = "fake-flow_user";
    const me = await client.getMe(token);
    expect(me.username).toBe("flow_user");
    expect(me.id).toMatch(/^\d{17}$/);

    const containerId = await client.createContainer(me.id, token, {
      text: "5 things I learned shipping on the edge?",
      replyControl: "everyone",
      topicTag: "edgecompute",
    });
    expect((await client.getContainerStatus(containerId, token)).status).toBe("IN_PROGRESS");
    await f.finished(containerId, token);
    expect((await client.getContainerStatus(containerId, token)).status).toBe("FINISHED");

    const mediaId = await client.publish(me.id, token, containerId);
    expect(mediaId).toMatch(/^\d{18}$/);
    const post = await client.getPost(mediaId, token);
    expect(post.text).toBe("5 things I learned shipping on the edge?");
    expect(post.permalink).toMatch(/^https:\/\/www\.threads\.net\/@flow_user\/post\/[\w-]{11}$/);
    expect(post.timestamp).toBe("2026-11-20T09:00:01+0000"); // START + the second `finished` moved the clock
    expect((await client.getContainerStatus(containerId, token)).status).toBe("PUBLISHED");

    const page = await client.listPosts("me", token);
    expect(page.posts.map((p) => p.id)).toEqual([mediaId]);
    const limit = await client.getPublishingLimit(me.id, token);
    expect(limit).toEqual({
      quotaUsage: 1,
      quotaTotal: 250,
      quotaDurationSeconds: 86_400,
      replyQuotaUsage: 0,
      replyQuotaTotal: 1000,
    });
  });

  it("creates IMAGE containers from a URL", async () => {
    const f = fakeThreads();
    const { client } = f;
    const id = await client.createContainer("me", "fake-img", { text: "look", imageUrl: "https://example.com/a.jpg" });
    await f.finished(id, "fake-img");
    const mediaId = await client.publish("me", "fake-img", id);
    const post = await client.getPost(mediaId, "fake-img", ["id", "media_type", "permalink"]);
    expect(post.mediaType).toBe("IMAGE");
    expect(post.text).toBeUndefined(); // only the requested fields come back
  });

  it("pages through posts newest first", async () => {
    const { client, advance } = fakeThreads();
    const token = "fake-pager";
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await client.createContainer("me", token, { text: `post ${i}` });
      advance(2000);
      ids.push(await client.publish("me", token, c));
    }
    const first = await client.listPosts("me", token, { limit: 3 });
    expect(first.posts.map((p) => p.text)).toEqual(["post 4", "post 3", "post 2"]);
    expect(first.nextCursor).toBeDefined();
    const second = await client.listPosts("me", token, { limit: 3, after: first.nextCursor });
    expect(second.posts.map((p) => p.id)).toEqual([ids[1], ids[0]]);
    expect(second.nextCursor).toBeUndefined();
  });

  it("runs the OAuth flow: authorize → code → short-lived → long-lived → refresh", async () => {
    const { client, fetch, advance } = fakeThreads({}, { authorizeBaseUrl: "http://fake.test/fake-threads" });
    const url = client.authorizeUrl({
      clientId: "app123",
      redirectUri: "https://agent.example/callback",
      scopes: ["threads_basic", "threads_content_publish"],
      state: "st4te",
    });
    expect(url).toBe(
      "http://fake.test/fake-threads/oauth/authorize?client_id=app123&redirect_uri=https%3A%2F%2Fagent.example%2Fcallback&scope=threads_basic%2Cthreads_content_publish&response_type=code&state=st4te",
    );
    const redirect = await fetch(url);
    expect(redirect.status).toBe(302);
    const back = new URL(redirect.headers.get("location") ?? "");
    expect(back.searchParams.get("state")).toBe("st4te");
    const code = back.searchParams.get("code") ?? "";

    const short = await client.exchangeCode({
      clientId: "app123",
      clientSecret: "s3cret",
      redirectUri: "https://agent.example/callback",
      code,
    });
    // Above 2^53: a float parse would have mangled it.
    expect(BigInt(short.userId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const long = await client.exchangeForLongLived(short.accessToken, "s3cret");
    expect(long.expiresInSeconds).toBe(60 * 86_400);
    expect((await client.getMe(long.accessToken)).id).toBe(short.userId);

    advance(30 * 86_400_000);
    const refreshed = await client.refreshLongLived(long.accessToken);
    expect(refreshed.accessToken).not.toBe(long.accessToken);
    advance(31 * 86_400_000); // the original long-lived token is now past its 60 days
    const expired = await caught<ThreadsApiError>(() => client.getMe(long.accessToken));
    expect(expired.kind).toBe("auth");
    expect((await client.getMe(refreshed.accessToken)).id).toBe(short.userId);
  });

  it("treats unknown tokens as auth errors (190)", async () => {
    const { client } = fakeThreads();
    const err = await caught<ThreadsApiError>(() => client.getMe("not-a-fake-token"));
    expect(err).toBeInstanceOf(ThreadsApiError);
    expect(err.kind).toBe("auth");
    expect(err.code).toBe(190);
  });

  it("reports ERROR and EXPIRED containers as such", async () => {
    const bad = fakeThreads({ fail: "status:ERROR" });
    const c1 = await bad.client.createContainer("me", "fake-w", { text: "x" });
    expect((await bad.client.getContainerStatus(c1, "fake-w")).status).toBe("ERROR");

    const slow = fakeThreads();
    const c2 = await slow.client.createContainer("me", "fake-w", { text: "y" });
    slow.advance(25 * 3_600_000);
    expect((await slow.client.getContainerStatus(c2, "fake-w")).status).toBe("EXPIRED");
  });
});
