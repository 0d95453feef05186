// What the user sees when publishing cannot go ahead: a dead token (190) stops the account
// instead of failing post after post; limits are enforced before any API call; a full quota
// defers rather than fails; throttling backs off by the suggested delay.
import { createScheduledController, env, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { PersonaAgentForTests as PersonaAgent } from "../support/persona-agent-test.ts";
import { listAccountsNeedingReauth } from "../../workers/db/threads-accounts.ts";
import worker from "../../workers/index.ts";
import { handlePublishMessage } from "../../workers/durable/consumers.ts";
import {
  agent,
  db,
  mediaOf,
  postRow,
  publishUntilSettled,
  seedAccount,
  seedPersona,
  seedPost,
  useFake,
} from "../support/publishing.ts";

// Durable Object storage (the quota ledger) outlives a test, D1 does not: one persona per test.
let P = "err-persona";
let n = 0;
beforeEach(() => {
  P = `err-persona-${++n}`;
});

describe("an expired or revoked token (Graph code 190)", () => {
  it("marks the account needs_reauth, fails that post with what to do, and holds the rest without calling Threads", async () => {
    await seedPersona(P);
    await seedAccount(P);
    const first = await seedPost(P);
    const second = await seedPost(P);
    const third = await seedPost(P, { status: "scheduled", scheduledAt: Date.now() - 60_000 });
    const calls = await useFake(P, { fail: "container:190" });

    expect(await agent(P).publishPost(first.id, 1)).toMatchObject({ kind: "failed", accountProblem: true });
    const failed = await postRow(first.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(
      /rejected the access token \(code 190\/463\).*Reconnect the account.*POST \/v1\/posts\/.*\/publish/,
    );
    const needing = await listAccountsNeedingReauth(db());
    expect(needing.map((a) => [a.personaId, a.status])).toEqual([[P, "needs_reauth"]]);

    const callsAfterFirst = calls.length;
    expect(await agent(P).publishPost(second.id, 1)).toMatchObject({ kind: "held" });
    expect(calls.length).toBe(callsAfterFirst); // no API call for a known-dead token
    expect(await postRow(second.id)).toMatchObject({
      status: "scheduled",
      error: expect.stringMatching(/reconnected/),
    });

    // The cron does not queue the persona's due posts while the account needs reconnecting.
    await worker.scheduled(createScheduledController({ cron: "* * * * *", scheduledTime: Date.now() }), env);
    expect((await postRow(third.id)).status).toBe("scheduled");
    expect((await postRow(second.id)).status).toBe("scheduled");

    // Reconnecting (a fresh link) reactivates the account; the held posts then go out.
    await seedAccount(P);
    await useFake(P);
    expect((await publishUntilSettled(P, second.id)).at(-1)?.kind).toBe("published");
    expect(await mediaOf(`fake-${P}`)).toHaveLength(1);
  });
});

describe("limits enforced before calling Threads", () => {
  it("fails a post over 500 characters or with more than 5 links, with no API call", async () => {
    await seedPersona(P);
    await seedAccount(P);
    const long = await seedPost(P, { text: "x".repeat(501) });
    const links = await seedPost(P, { text: "Read a.com b.com c.com d.com e.com f.com today" });
    const ok = await seedPost(P, { text: `${"é".repeat(495)} a.io` }); // 500 code points, 1 link
    const calls = await useFake(P);
    expect(await agent(P).publishPost(long.id, 1)).toMatchObject({ kind: "failed" });
    expect(await agent(P).publishPost(links.id, 1)).toMatchObject({ kind: "failed" });
    expect(calls).toEqual([]);
    expect((await postRow(long.id)).error).toMatch(/501 characters as Threads counts them .*allows at most 500/);
    expect((await postRow(links.id)).error).toMatch(/6 different links; Threads allows at most 5/);
    expect((await publishUntilSettled(P, ok.id)).at(-1)?.kind).toBe("published");
  });
});

describe("publishing quota: 250 posts per rolling 24 h", () => {
  it("defers when the persona's own ledger is full, until a place frees, without asking Threads", async () => {
    await seedPersona(P);
    await seedAccount(P);
    const now = Date.now();
    const oldest = now - 20 * 3_600_000;
    await runInDurableObject(agent(P), (i: PersonaAgent) => {
      for (let n = 0; n < 250; n++) i.ledger.record(`m${n}`, `old${n}`, oldest + n * 60_000);
    });
    const post = await seedPost(P);
    const calls = await useFake(P);
    const outcome = await agent(P).publishPost(post.id, 1);
    expect(outcome).toMatchObject({ kind: "deferred" });
    expect(calls).toEqual([]);
    const row = await postRow(post.id);
    expect(row.status).toBe("scheduled");
    expect(row.scheduledAt).toBe(oldest + 86_400_000 + 1);
    expect(row.error).toMatch(/Publishing limit reached: 250 posts in 24 h/);
  });

  it("defers when Threads counts the account's quota as used (posts made elsewhere)", async () => {
    await seedPersona(P);
    await seedAccount(P);
    await useFake(P, { quotaTotal: 2 });
    for (const text of ["one elsewhere", "two elsewhere"]) {
      const p = await seedPost(P, { text });
      expect((await publishUntilSettled(P, p.id)).at(-1)?.kind).toBe("published");
    }
    const third = await seedPost(P, { text: "three" });
    expect(await agent(P).publishPost(third.id, 1)).toMatchObject({ kind: "deferred" });
    const row = await postRow(third.id);
    expect(row).toMatchObject({ status: "scheduled", threadsContainerId: null });
    expect(row.error).toMatch(/Threads counts 2 of 2 posts/);
    expect(await mediaOf(`fake-${P}`)).toHaveLength(2);
  });
});

describe("throttling and transient errors back off through the queue", () => {
  function message(postId: string, attempts: number) {
    const seen: { acked: boolean; retry: { delaySeconds?: number } | null } = { acked: false, retry: null };
    const msg = {
      id: `m${attempts}`,
      timestamp: new Date(),
      attempts,
      body: { post_id: postId, persona_id: P },
      ack: () => void (seen.acked = true),
      retry: (o?: { delaySeconds?: number }) => void (seen.retry = o ?? {}),
    } as unknown as Message<unknown>;
    return { msg, seen };
  }

  // Threads counts calls per app-and-user over a rolling 24 h and reports usage in X-App-Usage /
  // X-Business-Use-Case-Usage (https://developers.facebook.com/documentation/threads/overview,
  // https://developers.facebook.com/docs/graph-api/overview/rate-limiting/): a throttled persona is
  // deferred by estimated_time_to_regain_access and makes no calls meanwhile; no queue retry is spent.
  it("defers a throttled persona by the usage headers' estimate instead of burning queue retries", async () => {
    await seedPersona(P);
    await seedAccount(P);
    const post = await seedPost(P);
    const other = await seedPost(P);
    const calls = await useFake(P, { fail: "container:613#1" });
    const before = Date.now();
    const throttled = message(post.id, 1);
    await handlePublishMessage(throttled.msg, env);
    expect(throttled.seen).toMatchObject({ acked: true, retry: null });
    const row = await postRow(post.id);
    expect(row).toMatchObject({
      status: "scheduled",
      error: expect.stringMatching(/rate limiting this account \(code 613\)/),
    });
    expect(row.scheduledAt).toBeGreaterThanOrEqual(before + 30 * 60_000); // estimated_time_to_regain_access: 30 (minutes)
    const callsSoFar = calls.length;
    // The persona's next post waits too, without a single Threads call.
    expect(await agent(P).publishPost(other.id, 1)).toMatchObject({ kind: "deferred" });
    expect(calls.length).toBe(callsSoFar);
  });

  it("retries transient errors through the queue; keeps the post publishing", async () => {
    await seedPersona(P);
    await seedAccount(P);
    const post = await seedPost(P);
    await useFake(P, { fail: "container:1#1" });
    const transient = message(post.id, 2);
    await handlePublishMessage(transient.msg, env);
    expect(transient.seen.retry).toEqual({ delaySeconds: 0 }); // QUEUE_RETRY_BASE_SECONDS=0 in tests
    const done = message(post.id, 3);
    await handlePublishMessage(done.msg, env);
    expect(done.seen.acked).toBe(true);
    expect((await postRow(post.id)).status).toBe("published");
  });

  it("a message that exhausts its retries marks the post failed with the last error and the safe retry", async () => {
    await seedPersona(P);
    const post = await seedPost(P);
    await db().run(
      `UPDATE posts SET error = 'attempt 10 failed, retrying: Threads publish failed: boom' WHERE id = '${post.id}'`,
    );
    const { createMessageBatch, createExecutionContext, getQueueResult } = await import("cloudflare:test");
    const batch = createMessageBatch("publish-dlq", [
      { id: "d1", timestamp: new Date(), attempts: 1, body: { post_id: post.id, persona_id: P } },
    ]);
    await worker.queue(batch, env);
    expect((await getQueueResult(batch, createExecutionContext())).explicitAcks).toEqual(["d1"]);
    const row = await postRow(post.id);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/Gave up.*boom.*POST \/v1\/posts\/.*\/publish; it cannot post twice/);
  });
});
