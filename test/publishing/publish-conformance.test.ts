// The publisher against the documented Threads behaviour the fake now models (docs/conformance.md).
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { getAccount } from "../../workers/db/threads-accounts.ts";
import { stableUserId } from "../../workers/fake-threads/index.ts";
import { refreshTokens } from "../../workers/cron/refresh-tokens.ts";
import { accountToken, resolvePastedToken } from "../../workers/publishing/accounts.ts";
import { api, createPersona } from "../support/helpers.ts";
import { caught, fakeThreads } from "../support/fake-threads.ts";
import {
  db,
  mediaOf,
  postRow,
  publishUntilSettled,
  seedAccount,
  seedPersona,
  seedPost,
  useFake,
} from "../support/publishing.ts";

const P = "calm-founder";
const DAY = 86_400_000;

async function fakeToken(kind: "short" | "long", token: string, user: string, issuedAt: number, expiresAt: number) {
  await env.DB.prepare(
    "INSERT INTO fake_threads_tokens (token, user_id, kind, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)",
  )
    .bind(token, stableUserId(user), kind, issuedAt, expiresAt)
    .run();
}

describe("recovering a post whose publish response was lost", () => {
  it("finds it although Threads made its first #tag a topic tag and returned the text without '#'", async () => {
    await seedPersona(P);
    await seedAccount(P);
    const post = await seedPost(P, { text: "Price on value, not on cost #pricing" });
    await useFake(P, { fail: "publish:after#1" });
    const outcomes = await publishUntilSettled(P, post.id);
    expect(outcomes.at(-1)).toMatchObject({ kind: "published", recovered: true });
    const [media] = await mediaOf(`fake-${P}`);
    expect(media?.text).toBe("Price on value, not on cost pricing");
    expect((await postRow(post.id)).threadsMediaId).toBe(media?.id);
  });

  it("keeps paging with cursors.after on a full page even when paging.next is missing", async () => {
    await seedPersona(P);
    await seedAccount(P);
    const post = await seedPost(P, { text: "The one we are looking for" });
    // First attempt: the publish goes out, its answer is lost.
    await useFake(P, { fail: "publish:after#1", pagingNext: false });
    expect((await publishUntilSettled(P, post.id, { max: 1 })).at(-1)?.kind).toBe("retry");
    // Then 30 more posts are made elsewhere, so ours is on the second page of 25.
    const other = fakeThreads({ processingMs: 0 });
    other.clock.now = Date.now() + 1000; // after ours: newest first, ours lands on page 2
    for (let i = 0; i < 30; i++) {
      other.advance(1000);
      const c = await other.client.createContainer("me", `fake-${P}`, { text: `elsewhere ${i}` });
      await other.client.publish("me", `fake-${P}`, c);
    }
    await useFake(P, { pagingNext: false });
    expect((await publishUntilSettled(P, post.id)).at(-1)).toMatchObject({ kind: "published", recovered: true });
    const ours = (await mediaOf(`fake-${P}`)).find((m) => m.text === "The one we are looking for");
    expect((await postRow(post.id)).threadsMediaId).toBe(ours?.id);
  });
});

describe("publishing quota", () => {
  // https://developers.facebook.com/documentation/threads/overview: 250 posts / 24 h, enforced at
  // threads_publish, with no documented error code; check GET /threads_publishing_limit.
  it("defers (not fails) when threads_publish is refused because the quota filled up meanwhile", async () => {
    await seedPersona(P);
    await seedAccount(P);
    const post = await seedPost(P);
    // The quota check before the container passes (0 of 1); while we wait, a post made elsewhere uses the last place.
    await useFake(P, { quotaTotal: 1 }, {}, async (point) => {
      if (point !== "ready") return;
      await env.DB.prepare(
        "INSERT INTO fake_threads_media (id, user_id, container_id, media_type, text, shortcode, published_at) VALUES ('1789elsewhere', ?, 'c-elsewhere', 'TEXT_POST', 'made elsewhere', 'sc', ?)",
      )
        .bind(stableUserId(`fake-${P}`), Date.now())
        .run();
    });
    const outcome = await publishUntilSettled(P, post.id, { max: 1 });
    expect(outcome.at(-1)).toMatchObject({ kind: "deferred" });
    expect(await postRow(post.id)).toMatchObject({
      status: "scheduled",
      error: expect.stringMatching(/Threads counts 1 of 1 posts/),
    });
  });
});

describe("pasted access tokens: lifetime from Threads, not assumed", () => {
  // https://developers.facebook.com/docs/threads/get-started/long-lived-tokens/ (60 days, refresh
  // once 24 h old) and …/troubleshooting/debug-access-token (issued_at / expires_at).
  it("stores the real expiry of an old long-lived token, so the refresh runs before it dies", async () => {
    await createPersona();
    const now = Date.now();
    await fakeToken("long", "THFAKEL-pasted-50-days", "fake-old", now - 50 * DAY, now + 10 * DAY);
    const res = await api(`/v1/personas/${P}/threads-account`, {
      method: "PUT",
      json: { user_id: "me", access_token: "THFAKEL-pasted-50-days" },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const row = await getAccount(db(), P);
    expect(row?.tokenExpiryKnown).toBe(true);
    // debug_token speaks in whole seconds.
    expect(Math.abs((row?.tokenIssuedAt ?? 0) - (now - 50 * DAY))).toBeLessThan(1000);
    expect(Math.abs((row?.tokenExpiresAt ?? 0) - (now + 10 * DAY))).toBeLessThan(1000);
    // Four days later it is within 7 days of expiry: the quarter-hourly refresh renews it.
    expect(await refreshTokens(env, now + 4 * DAY)).toMatchObject({ refreshed: 1, needsReauth: 0 });
    const fresh = await getAccount(db(), P);
    expect(await accountToken(env, fresh ?? ({} as never))).not.toBe("THFAKEL-pasted-50-days");
  });

  it("exchanges a pasted short-lived token for a 60-day one", async () => {
    await createPersona();
    const now = Date.now();
    await fakeToken("short", "THFAKES-pasted-short", "fake-short", now - 60_000, now + 3_540_000);
    const res = await api(`/v1/personas/${P}/threads-account`, {
      method: "PUT",
      json: { user_id: "me", access_token: "THFAKES-pasted-short" },
    });
    expect(res.status).toBe(200);
    const row = await getAccount(db(), P);
    expect(await accountToken(env, row ?? ({} as never))).toMatch(/^THFAKEL/);
    expect(row?.tokenExpiresAt).toBeGreaterThan(now + 59 * DAY);
  });

  it("refuses a short-lived token it cannot exchange (no app secret)", async () => {
    const f = fakeThreads();
    const now = f.clock.now;
    await fakeToken("short", "THFAKES-no-secret", "fake-ns", now - 60_000, now + 3_540_000);
    const err = await caught<Error>(() =>
      resolvePastedToken(f.client, { token: "THFAKES-no-secret", appSecret: null, now }),
    );
    expect(err.message).toMatch(/^access_token: this looks like a short-lived token .*THREADS_APP_SECRET/);
  });

  it("refreshes a token with an unknown expiry at the first run after 24 h", async () => {
    await createPersona();
    const now = Date.now();
    const res = await api(`/v1/personas/${P}/threads-account`, {
      method: "PUT",
      json: { user_id: "me", access_token: "fake-calm-founder" },
    });
    expect(((await res.json()) as { token_expiry_known: boolean }).token_expiry_known).toBe(false);
    expect(await refreshTokens(env, now + 23 * 3_600_000)).toMatchObject({ refreshed: 0 });
    expect(await refreshTokens(env, now + DAY + 15 * 60_000)).toMatchObject({ refreshed: 1 });
    const row = await getAccount(db(), P);
    expect(row?.tokenExpiryKnown).toBe(true);
    expect(await accountToken(env, row ?? ({} as never))).toMatch(/^THFAKEL/);
  });
});
