// Thread chains go to Threads as a root and replies, each part exactly once: a fault at any
// Threads call or a crash of the publisher at any point of any part still ends with every part
// published once, each reply's reply_to_id the part before (no part twice, no gap, order kept);
// deleting or unscheduling the post stops it before its next part.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { listParts } from "../../workers/db/post-parts.ts";
import { schedulePost, unschedulePost } from "../../workers/db/post-publishing.ts";
import { deletePost } from "../../workers/db/posts.ts";
import { stableUserId } from "../../workers/fake-threads/index.ts";
import type { PublishPoint } from "../../workers/publishing/publisher.ts";
import {
  agent,
  db,
  mediaOf,
  postRow,
  publishUntilSettled,
  seedAccount,
  seedChain,
  seedPersona,
  useFake,
} from "../support/publishing.ts";

const P = "chain-persona";
const TOKEN = `fake-${P}`;
const TEXTS = [
  "Pricing your first product is a decision you can revisit. Here is how I would do it.",
  "Start with the outcome the buyer gets, not with your costs or hours.",
  "Put a number on the page, talk to ten buyers, and only then change it.",
  "Raise it for new customers first. What would you add?",
];

async function setup(texts = TEXTS) {
  await seedPersona(P);
  await seedAccount(P);
  return seedChain(P, texts);
}

/** Every part on the fake once, in order, each reply pointing at the part before. */
async function expectChainOnce(postId: string, texts = TEXTS) {
  const media = await mediaOf(TOKEN);
  expect(media.map((m) => m.text)).toEqual(texts);
  expect(media[0]?.reply_to_id).toBeNull();
  for (let i = 1; i < media.length; i++) expect(media[i]?.reply_to_id).toBe(media[i - 1]?.id);
  const parts = await listParts(db(), postId);
  expect(parts.map((p) => p.threadsMediaId)).toEqual(media.map((m) => m.id));
  const post = await postRow(postId);
  expect(post.status).toBe("published");
  expect(post.threadsMediaId).toBe(media[0]?.id);
  return { media, parts, post };
}

describe("a chain publishes each part once, as replies in order", () => {
  it("root then replies with reply_to_id", async () => {
    const post = await setup();
    const calls = await useFake(P);
    const outcomes = await publishUntilSettled(P, post.id, { max: 30 });
    expect(outcomes.at(-1)).toMatchObject({ kind: "published", recovered: false });
    await expectChainOnce(post.id);
    expect(calls.filter((c) => c.endsWith("/threads_publish"))).toHaveLength(TEXTS.length);
  });

  for (const op of ["container", "status", "publish"]) {
    for (const action of ["after", "2", "502"]) {
      it(`a fault ${op}:${action} in the third part`, async () => {
        const post = await setup();
        await publishParts(post.id, 2);
        await useFake(P, { fail: `${op}:${action}#1` });
        const outcomes = await publishUntilSettled(P, post.id, { max: 30 });
        expect(outcomes.at(-1)?.kind).toBe("published");
        await expectChainOnce(post.id);
      });
    }
  }

  const POINTS: PublishPoint[] = [
    "start",
    "container_created",
    "container_stored",
    "ready",
    "published",
    "ledger_recorded",
  ];
  for (const part of [0, 2]) {
    for (const point of POINTS) {
      it(`crash at ${point} of part ${part + 1}`, async () => {
        const post = await setup();
        let crashed = false;
        await useFake(P, {}, {}, (p, at) => {
          if (p === point && at === part && !crashed) {
            crashed = true;
            throw new Error(`simulated crash at ${p} of part ${at}`);
          }
        });
        const outcomes = await publishUntilSettled(P, post.id, { max: 30 });
        expect(crashed).toBe(true);
        expect(outcomes.at(-1)?.kind).toBe("published");
        await expectChainOnce(post.id);
        if (point === "published" || point === "ledger_recorded")
          expect(outcomes.at(-1)).toMatchObject({ recovered: true });
      });
    }
  }

  it("concurrent deliveries publish each part once", async () => {
    const post = await setup();
    await useFake(P);
    for (let round = 0; round < 20; round++) {
      const results = await Promise.all(
        [1, 2, 3].map((a) =>
          agent(P)
            .publishPost(post.id, a)
            .catch(() => null),
        ),
      );
      if (results.some((r) => r?.kind === "published" || r?.kind === "skipped")) break;
    }
    await expectChainOnce(post.id);
  });

  it("a part Threads refuses (a reply to a post that is gone) fails the chain", async () => {
    const post = await setup();
    await publishParts(post.id, 1);
    // The root deleted on Threads: the next part's reply_to_id points nowhere.
    const root = (await listParts(db(), post.id))[0]?.threadsMediaId;
    expect(root).toBeTruthy();
    await env.DB.prepare("DELETE FROM fake_threads_media WHERE id = ?").bind(root).run();
    const outcomes = await publishUntilSettled(P, post.id, { max: 30 });
    expect(outcomes.at(-1)).toMatchObject({ kind: "failed" });
    expect((await postRow(post.id)).error).toMatch(/Threads refused the post: .*does not exist/);
    expect(await mediaOf(TOKEN)).toHaveLength(0);
  });
});

/** Publishes until `n` parts are out: the publisher "crashes" at the start of part n+1. */
async function publishParts(postId: string, n: number) {
  let crashed = false;
  await useFake(P, {}, {}, (p, part) => {
    if (p === "start" && part === n && !crashed) {
      crashed = true;
      throw new Error(`stop before part ${n + 1}`);
    }
  });
  const outcomes = await publishUntilSettled(P, postId, { max: 1 });
  expect(outcomes.at(-1)?.kind).toBe("retry");
  expect((await listParts(db(), postId)).filter((p) => p.threadsMediaId).length).toBe(n);
  await useFake(P);
}

describe("a chain's insights", () => {
  it("are read per part and summed for the post", async () => {
    const post = await setup();
    await useFake(P);
    await publishUntilSettled(P, post.id, { max: 30 });
    const { collectInsights } = await import("../../workers/cron/collect-insights.ts");
    const { listPostMetrics } = await import("../../workers/insights/queries.ts");
    const { obsDb } = await import("../../workers/db/observability-db.ts");
    // The first poll is due 15 minutes after publishing (insights/schedule.ts); the fake's
    // engagement grows with its own clock, so read a few hours in.
    const at = Date.now() + 3 * 3_600_000;
    await env.DB.prepare("UPDATE fake_threads_media SET published_at = published_at - ?")
      .bind(3 * 3_600_000)
      .run();
    const result = (await collectInsights(env, at)) as { posts_polled: number; posts_failed: unknown[] };
    expect(result.posts_failed).toEqual([]);
    const parts = await listParts(db(), post.id);
    expect(parts.every((p) => p.metricsAt === at)).toBe(true);
    const [reading] = await listPostMetrics(obsDb(env.DB), { postId: post.id });
    const sum = (k: "views" | "likes" | "replies" | "reposts" | "quotes" | "shares") =>
      parts.reduce((n, p) => n + p[k], 0);
    expect(reading).toMatchObject({
      views: sum("views"),
      likes: sum("likes"),
      replies: sum("replies"),
      reposts: sum("reposts"),
      quotes: sum("quotes"),
      shares: sum("shares"),
    });
    // Each part has its own counts (the fake's engagement depends on each part's text).
    expect(sum("views")).toBeGreaterThan(0);
    expect(new Set(parts.map((p) => p.views)).size).toBeGreaterThan(1);
  });
});

describe("stopping a chain mid-way", () => {
  it("unschedule stops it before the next part; publishing again posts the rest as replies", async () => {
    const post = await setup();
    await publishParts(post.id, 2);
    const stopped = await unschedulePost(db(), post.id, Date.now());
    expect(stopped?.status).toBe("draft");
    const out = await agent(P).publishPost(post.id, 50);
    expect(out.kind).toBe("skipped");
    expect(await mediaOf(TOKEN)).toHaveLength(2);

    await schedulePost(db(), post.id, Date.now(), Date.now());
    expect((await publishUntilSettled(P, post.id, { max: 30 })).at(-1)?.kind).toBe("published");
    await expectChainOnce(post.id);
  });

  it("unscheduled while a part's container is being made: that part is not published", async () => {
    const post = await setup();
    let done = false;
    await useFake(P, {}, {}, async (p, part) => {
      if (p === "container_stored" && part === 1 && !done) {
        done = true;
        await unschedulePost(db(), post.id, Date.now());
      }
    });
    const out = await agent(P).publishPost(post.id, 1);
    expect(out).toMatchObject({
      kind: "skipped",
      reason: expect.stringMatching(/stopped: the post is draft now; 1 of 4 parts/),
    });
    expect(await mediaOf(TOKEN)).toHaveLength(1);
    expect((await postRow(post.id)).status).toBe("draft");
  });

  it("delete stops it: no part after the delete", async () => {
    const post = await setup();
    await publishParts(post.id, 1);
    await deletePost(db(), post.id);
    const before = (await mediaOf(TOKEN)).length;
    expect(await agent(P).publishPost(post.id, 60)).toMatchObject({ kind: "skipped" });
    expect((await mediaOf(TOKEN)).length).toBe(before);
    expect(await listParts(db(), post.id)).toEqual([]);
  });
});

describe("the fake checks reply_to_id", () => {
  it("refuses a reply to a post that does not exist, as Graph does", async () => {
    await seedPersona(P);
    const { inProcessFakeFetch } = await import("../../workers/fake-threads/index.ts");
    const fetch = inProcessFakeFetch(env, { enabled: true, processingMs: 0 });
    const user = stableUserId(TOKEN);
    const res = await fetch(
      `http://x/fake-threads/v1.0/${user}/threads?media_type=TEXT&text=hi&reply_to_id=1789000&access_token=${TOKEN}`,
      { method: "POST" },
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(100);
    expect(body.error.message).toMatch(/1789000.*does not exist/);
  });
});
