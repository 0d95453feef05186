// The whole path through the real queues: a publish:"now" task is generated, stored, queued
// for publishing and posted to the fake Threads; plus the manual schedule/publish routes.
import { describe, expect, it } from "vitest";
import { api, createPersona, submitTask, waitForTask } from "../support/helpers.ts";
import { mediaOf, seedPost } from "../support/publishing.ts";

const TOKEN = "fake-calm-founder";

async function link() {
  const me = (await (await api(`/fake-threads/v1.0/me?access_token=${TOKEN}`, { key: null })).json()) as { id: string };
  const res = await api("/v1/personas/calm-founder/threads-account", {
    method: "PUT",
    json: { user_id: me.id, access_token: TOKEN },
  });
  expect(res.status).toBe(200);
  return res.json() as Promise<Record<string, unknown>>;
}

async function waitForPost(id: string, status: string, timeoutMs = 20_000): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const post = (await (await api(`/v1/posts/${id}`)).json()) as Record<string, unknown>;
    if (post["status"] === status) return post;
    if (Date.now() > until) throw new Error(`post ${id} still ${String(post["status"])}: ${JSON.stringify(post)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("publish flow against the fake Threads", () => {
  it('publish:"now" goes from task to a published Threads post, once', async () => {
    await createPersona();
    const account = await link();
    expect(account).toMatchObject({ status: "active", validated: true, username: "calm_founder" });

    const task = await waitForTask(
      await submitTask({ persona_id: "calm-founder", topic: "pricing your first product", publish: "now" }),
    );
    expect(task.status).toBe("succeeded");
    const post = await waitForPost(task.post_id ?? "", "published");
    const media = await mediaOf(TOKEN);
    expect(media).toHaveLength(1);
    expect(media[0]?.text).toBe(post["text"]);
    expect(post["threads"]).toMatchObject({ media_id: media[0]?.id, container_id: media[0]?.container_id });
    expect((post["threads"] as { permalink: string }).permalink).toMatch(/^https:\/\/www\.threads\.(net|com)\//);
    expect(post["published_at"]).toEqual(expect.any(String));
    expect(post["error"]).toBeNull();
  });

  it("a post with no linked account fails with what to do", async () => {
    await createPersona();
    const task = await waitForTask(await submitTask({ persona_id: "calm-founder", topic: "pricing", publish: "now" }));
    const post = await waitForPost(task.post_id ?? "", "failed");
    expect(post["error"]).toMatch(/No Threads account is linked.*PUT \/v1\/personas\/calm-founder\/threads-account/);
  });

  it("schedules, unschedules and publishes a draft by hand", async () => {
    await createPersona();
    await link();
    const draft = await seedPost("calm-founder", { status: "draft", scheduledAt: null });
    const at = new Date(Date.now() + 3 * 3_600_000).toISOString();

    const scheduled = await api(`/v1/posts/${draft.id}/schedule`, { method: "POST", json: { at } });
    expect(scheduled.status).toBe(200);
    expect(await scheduled.json()).toMatchObject({ status: "scheduled", scheduled_at: at });

    const past = await api(`/v1/posts/${draft.id}/schedule`, { method: "POST", json: { at: "2020-01-01T00:00:00Z" } });
    expect(past.status).toBe(400);
    expect(((await past.json()) as { error: { message: string } }).error.message).toMatch(/^at: /);
    const bad = await api(`/v1/posts/${draft.id}/schedule`, { method: "POST", json: { at: "tomorrow" } });
    expect(bad.status).toBe(400);

    const un = await api(`/v1/posts/${draft.id}/schedule`, { method: "DELETE" });
    expect(await un.json()).toMatchObject({ status: "draft", scheduled_at: null });

    const pub = await api(`/v1/posts/${draft.id}/publish`, { method: "POST" });
    expect(pub.status).toBe(202);
    expect(await pub.json()).toMatchObject({ status: "publishing" });
    await waitForPost(draft.id, "published");

    // Published posts cannot be published, rescheduled or unscheduled again.
    for (const [method, path] of [
      ["POST", "publish"],
      ["DELETE", "schedule"],
    ] as const) {
      const res = await api(`/v1/posts/${draft.id}/${path}`, { method });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/already published/);
    }
    expect((await api(`/v1/posts/${draft.id}/schedule`, { method: "POST", json: { at } })).status).toBe(409);
    expect(await mediaOf(TOKEN)).toHaveLength(1);
    expect((await api("/v1/posts/pst_nope/publish", { method: "POST" })).status).toBe(404);
  });

  it("lists the persona's upcoming slots with the posts that hold them", async () => {
    await createPersona({ schedule: { kind: "times", times: ["09:00", "18:00"] }, timezone: "America/New_York" });
    const res = await api("/v1/personas/calm-founder/schedule?count=4");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      timezone: string;
      slots: { at: string; local_time: string; post_id: string | null }[];
    };
    expect(body.timezone).toBe("America/New_York");
    expect(body.slots).toHaveLength(4);
    expect(body.slots.map((s) => s.local_time.slice(11))).toEqual(expect.arrayContaining(["09:00", "18:00"]));
    const first = body.slots[0];
    const held = await seedPost("calm-founder", { status: "scheduled", scheduledAt: Date.parse(first?.at ?? "") });
    const again = (await (await api("/v1/personas/calm-founder/schedule?count=4")).json()) as typeof body & {
      scheduled: { post_id: string }[];
    };
    expect(again.slots[0]?.post_id).toBe(held.id);
    expect(again.scheduled.map((s) => s.post_id)).toEqual([held.id]);
    expect((await api("/v1/personas/nobody/schedule")).status).toBe(404);
  });

  it("documents the publishing routes in the OpenAPI spec", async () => {
    const spec = (await (await api("/openapi.json", { key: null })).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/v1/personas/{id}/threads-account",
        "/v1/personas/{id}/threads-account/connect",
        "/v1/personas/{id}/schedule",
        "/v1/posts/{id}/schedule",
        "/v1/posts/{id}/publish",
        "/oauth/threads/callback",
      ]),
    );
  });
});
