// Exactly once: a failure injected at every point of the publish flow (before, during and
// after each Threads call, and a crash of the publisher between its own steps) still ends
// with the post published once: one media on the fake, and the post pointing at it.
import { describe, expect, it } from "vitest";
import {
  agent,
  mediaOf,
  postRow,
  publishUntilSettled,
  seedAccount,
  seedPersona,
  seedPost,
  useFake,
} from "../support/publishing.ts";
import type { PublishPoint } from "../../workers/publishing/publisher.ts";

const P = "once-persona";
const TOKEN = `fake-${P}`;

async function setup() {
  await seedPersona(P);
  await seedAccount(P);
  return seedPost(P);
}

async function expectPublishedOnce(postId: string) {
  const post = await postRow(postId);
  const media = await mediaOf(TOKEN);
  expect(media.filter((m) => m.text === post.text)).toHaveLength(1);
  expect(post.status).toBe("published");
  expect(post.threadsMediaId).toBe(media[0]?.id);
  expect(post.threadsContainerId).toBe(media[0]?.container_id);
  return post;
}

// Every Threads operation the publisher makes, each failing in every way the fake can fail:
// a Graph error before the call, the call performed then a 500 (outcome unknown), a hang past
// the client's timeout (performed later), a bare 502.
const OPS = ["limit", "container", "status", "publish", "list", "post"];
const ACTIONS = ["2", "1", "after", "timeout", "502", "4279009"];

describe("exactly once with a fault injected at each Threads call", () => {
  for (const op of OPS) {
    for (const action of ACTIONS) {
      it(`${op}:${action}`, async () => {
        const post = await setup();
        // "list" only runs when recovering, so the first publish response goes missing too. Status
        // checks while waiting absorb a fault; the one that matters opens the retry after a lost publish.
        const fail =
          op === "list"
            ? `publish:after#1,list:${action}#1`
            : op === "status"
              ? `publish:after#1,status:${action}#2`
              : `${op}:${action}#1`;
        await useFake(P, { fail, hangMs: 400 }, { timeoutMs: 250 });
        const outcomes = await publishUntilSettled(P, post.id, { pauseMs: action === "timeout" ? 500 : 0 });
        expect(outcomes.at(-1)?.kind).toBe("published");
        const done = await expectPublishedOnce(post.id);
        if (op === "limit" || op === "post") {
          // Advisory calls: a flaky quota endpoint (the ledger still holds) or permalink lookup costs no retry.
          expect(outcomes).toHaveLength(1);
          if (op === "post" && action !== "timeout") expect(done.permalink).toBeNull();
        } else {
          expect(outcomes[0]?.kind).toBe("retry");
        }
      });
    }
  }

  it("a container that turns ERROR fails the post with the reason; the user's retry publishes it once", async () => {
    const post = await setup();
    await useFake(P, { fail: "status:ERROR#1" });
    const outcomes = await publishUntilSettled(P, post.id);
    expect(outcomes.at(-1)).toMatchObject({ kind: "failed" });
    const failed = await postRow(post.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/Threads could not process the post/);
    expect(failed.threadsContainerId).toBeNull(); // never publishable: dropped so a retry starts afresh
    expect(await mediaOf(TOKEN)).toHaveLength(0);

    const { schedulePost } = await import("../../workers/db/post-publishing.ts");
    const { db } = await import("../support/publishing.ts");
    await schedulePost(db(), post.id, Date.now(), Date.now());
    expect((await publishUntilSettled(P, post.id)).at(-1)?.kind).toBe("published");
    await expectPublishedOnce(post.id);
  });
});

describe("exactly once when the publisher itself crashes between steps", () => {
  const POINTS: PublishPoint[] = [
    "start",
    "container_created",
    "container_stored",
    "ready",
    "published",
    "ledger_recorded",
  ];
  for (const point of POINTS) {
    it(`crash at ${point}`, async () => {
      const post = await setup();
      let crashed = false;
      await useFake(P, {}, {}, (p) => {
        if (p === point && !crashed) {
          crashed = true;
          throw new Error(`simulated crash at ${p}`);
        }
      });
      const outcomes = await publishUntilSettled(P, post.id);
      expect(crashed).toBe(true);
      expect(outcomes[0]?.kind).toBe("retry");
      expect(outcomes.at(-1)?.kind).toBe("published");
      const done = await expectPublishedOnce(post.id);
      // After the publish itself the retry found the post through the container, not a new publish.
      if (point === "published" || point === "ledger_recorded")
        expect(outcomes.at(-1)).toMatchObject({ recovered: true });
      expect(await agent(P).publishAttempts(post.id)).toBe(outcomes.length);
      expect(done.error).toBeNull();
    });
  }

  it("redelivering a published post does nothing", async () => {
    const post = await setup();
    const calls = await useFake(P);
    await publishUntilSettled(P, post.id);
    const before = calls.length;
    expect(await agent(P).publishPost(post.id, 5)).toMatchObject({ kind: "skipped", reason: "already published" });
    expect(calls.length).toBe(before);
    await expectPublishedOnce(post.id);
  });

  it("concurrent deliveries of the same post publish it once", async () => {
    const post = await setup();
    await useFake(P);
    const results = await Promise.all([1, 2, 3].map((a) => agent(P).publishPost(post.id, a)));
    expect(results.filter((r) => r.kind === "published")).toHaveLength(1);
    await expectPublishedOnce(post.id);
  });
});
