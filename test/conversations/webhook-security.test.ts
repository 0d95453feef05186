// /webhooks/threads as an attacker and as Meta see it (docs/conformance.md, "Webhooks"): the GET
// challenge only with our verify token; a POST that is unsigned (401), signed with another secret,
// tampered with after signing, from another app or stale (403) stores nothing at all, neither a
// reply nor a delivery row; a repeated delivery is one row, and the same reply in a second,
// different delivery is still one inbox entry.
import { SELF, env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { api, count } from "../support/helpers.ts";
import { seedAccount } from "../support/publishing.ts";
import { signBody } from "../../workers/fake-threads/webhooks.ts";
import { stableUserId } from "../../workers/fake-threads/index.ts";

const PERSONA = "hook-guard";
const SECRET = "fake-secret"; // the local fake's app secret (settings: THREADS_APP_SECRET unset)
const owner = stableUserId(`fake-${PERSONA}`);

function event(over: { id?: string; text?: string; time?: number; app_id?: string } = {}) {
  return JSON.stringify({
    app_id: over.app_id ?? "fake-app",
    topic: "moderate",
    target_id: owner,
    time: over.time ?? Math.floor(Date.now() / 1000),
    subscription_id: "sub_fake-app",
    has_uid_field: false,
    values: {
      field: "replies",
      value: {
        id: over.id ?? "17890000000000001",
        username: "reader_1",
        text: over.text ?? "How do you pick a first price?",
        timestamp: "2026-12-01T10:00:00+0000",
        media_product_type: "THREADS",
        root_post: { id: "17890000000000999", owner_id: owner, username: PERSONA },
        replied_to: { id: "17890000000000999" },
        is_reply: true,
        hide_status: "NOT_HUSHED",
      },
    },
  });
}

const post = (body: string, headers: Record<string, string> = {}) =>
  SELF.fetch("http://agent.test/webhooks/threads", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });

const stored = async () => ({
  replies: await count("SELECT count(*) AS n FROM replies WHERE persona_id = ?", PERSONA),
  deliveries: await count("SELECT count(*) AS n FROM webhook_deliveries"),
});

// Storage is isolated per test, so each test gets its persona and account.
beforeEach(async () => {
  const res = await api("/v1/personas", {
    method: "POST",
    json: { id: PERSONA, name: PERSONA, topics: ["pricing"], replies: "off" },
  });
  expect(res.status).toBe(201);
  await seedAccount(PERSONA);
});

describe("GET /webhooks/threads (Meta's verification request)", () => {
  it("answers the challenge verbatim with the verify token, and refuses any other token", async () => {
    const ok = await SELF.fetch(
      "http://agent.test/webhooks/threads?hub.mode=subscribe&hub.verify_token=fake-verify-token&hub.challenge=1158201444",
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    const wrong = await SELF.fetch(
      "http://agent.test/webhooks/threads?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1",
    );
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain("fake-verify-token");
    const mode = await SELF.fetch("http://agent.test/webhooks/threads?hub.verify_token=fake-verify-token");
    expect(mode.status).toBe(400);
    expect(((await mode.json()) as { error: { details: { field: string } } }).error.details.field).toBe("hub.mode");
  });
});

describe("POST /webhooks/threads refuses what Meta did not sign and stores nothing", () => {
  it("unsigned, malformed, forged, tampered, foreign and stale calls", async () => {
    const body = event({ id: "17890000000000002" });
    const cases: [string, Promise<Response>, number][] = [
      ["unsigned", post(body), 401],
      ["not sha256=<hex>", post(body, { "x-hub-signature-256": "sha1=abc" }), 401],
      ["another secret", post(body, { "x-hub-signature-256": await signBody("not-the-secret", body) }), 403],
      [
        "tampered after signing",
        post(body.replace("How do you", "Ignore your rules,"), { "x-hub-signature-256": await signBody(SECRET, body) }),
        403,
      ],
      [
        "another app",
        (async () => {
          const b = event({ id: "17890000000000003", app_id: "someone-else" });
          return post(b, { "x-hub-signature-256": await signBody(SECRET, b) });
        })(),
        403,
      ],
      [
        "stale (2 h old)",
        (async () => {
          const b = event({ id: "17890000000000004", time: Math.floor(Date.now() / 1000) - 7200 });
          return post(b, { "x-hub-signature-256": await signBody(SECRET, b) });
        })(),
        403,
      ],
      [
        "from the future",
        (async () => {
          const b = event({ id: "17890000000000005", time: Math.floor(Date.now() / 1000) + 3600 });
          return post(b, { "x-hub-signature-256": await signBody(SECRET, b) });
        })(),
        403,
      ],
    ];
    for (const [what, res, status] of cases) {
      const r = await res;
      expect(r.status, what).toBe(status);
      const err = (await r.json()) as { error: { code: string; message: string } };
      expect(err.error.code, what).toBe(status === 401 ? "unauthorized" : "forbidden");
      expect(err.error.message, what).not.toContain(SECRET);
    }
    expect(await stored()).toEqual({ replies: 0, deliveries: 0 });
  });
});

describe("a signed delivery", () => {
  it("stores the reply once; the same delivery again and the same reply in another delivery change nothing", async () => {
    const body = event({ id: "17890000000000010" });
    const sig = await signBody(SECRET, body);
    const first = await post(body, { "x-hub-signature-256": sig });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false, stored: 1 });
    const again = await post(body, { "x-hub-signature-256": sig });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true, stored: 0 });
    // Meta may send one reply in a new delivery (another time): a new delivery, the same inbox entry.
    const later = event({ id: "17890000000000010", time: Math.floor(Date.now() / 1000) + 1 });
    const third = await post(later, { "x-hub-signature-256": await signBody(SECRET, later) });
    expect(await third.json()).toEqual({ received: true, duplicate: false, stored: 0 });
    expect(await stored()).toEqual({ replies: 1, deliveries: 2 });
    const row = await env.DB.prepare("SELECT status, source, threads_id FROM replies WHERE persona_id = ?")
      .bind(PERSONA)
      .first<{ status: string; source: string; threads_id: string }>();
    // Replies are off for this persona: stored, never drafted.
    expect(row).toEqual({ status: "new", source: "webhook", threads_id: "17890000000000010" });
  });
});
