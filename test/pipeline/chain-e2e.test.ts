// A chain from POST /v1/tasks to the fake Threads: the writer writes one, the store keeps its
// parts, the publish queue posts the root and its replies once, and the API shows the parts.
import { describe, expect, it } from "vitest";
import { api, createPersona, submitTask, waitForTask } from "../support/helpers.ts";
import { mediaOf } from "../support/publishing.ts";

const TOKEN = "fake-calm-founder";

async function link() {
  const me = (await (await api(`/fake-threads/v1.0/me?access_token=${TOKEN}`, { key: null })).json()) as { id: string };
  const res = await api("/v1/personas/calm-founder/threads-account", {
    method: "PUT",
    json: { user_id: me.id, access_token: TOKEN },
  });
  expect(res.status).toBe(200);
}

type Post = {
  status: string;
  format: string;
  text: string;
  parts: { seq: number; text: string; chars: number; threads: { media_id: string | null } }[];
  threads: { media_id: string | null };
};

async function waitForPost(id: string, status: string, timeoutMs = 30_000): Promise<Post> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const post = (await (await api(`/v1/posts/${id}`)).json()) as Post;
    if (post.status === status) return post;
    if (Date.now() > until) throw new Error(`post ${id} still ${post.status}: ${JSON.stringify(post)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("format: chain", () => {
  it("goes from POST /v1/tasks to the fake Threads as a root and replies, once", async () => {
    await createPersona();
    await link();
    const task = await waitForTask(
      await submitTask({
        persona_id: "calm-founder",
        topic: "pricing your first product",
        publish: "now",
        format: "chain",
      }),
      30_000,
    );
    expect(task.status).toBe("succeeded");
    const post = await waitForPost(task.post_id ?? "", "published");
    expect(post.format).toBe("chain");
    expect(post.parts.length).toBeGreaterThanOrEqual(2);
    expect(post.parts.length).toBeLessThanOrEqual(10);
    for (const p of post.parts) expect(p.chars).toBeLessThanOrEqual(500);
    expect(post.text).toBe(post.parts.map((p) => p.text).join("\n\n"));
    const media = await mediaOf(TOKEN);
    expect(media.map((m) => m.text)).toEqual(post.parts.map((p) => p.text));
    expect(media.map((m) => m.id)).toEqual(post.parts.map((p) => p.threads.media_id));
    expect(post.threads.media_id).toBe(media[0]?.id);
    for (let i = 1; i < media.length; i++) expect(media[i]?.reply_to_id).toBe(media[i - 1]?.id);
  });

  it("single stays one post; the writer's default is single when it fits", async () => {
    await createPersona();
    for (const format of ["single", undefined]) {
      const task = await waitForTask(
        await submitTask({
          persona_id: "calm-founder",
          topic: `pricing ${format ?? "auto"}`,
          ...(format ? { format } : {}),
        }),
      );
      const post = (await (await api(`/v1/posts/${task.post_id}`)).json()) as Post;
      expect(post.format).toBe("single");
      expect(post.parts).toEqual([]);
    }
  });

  it("a format that is not available is a 400 naming the field", async () => {
    await createPersona();
    for (const format of ["image", "video", 3]) {
      const res = await api("/v1/tasks", { method: "POST", json: { persona_id: "calm-founder", format } });
      expect(res.status, String(format)).toBe(400);
      expect(JSON.stringify(await res.json())).toContain("format");
    }
  });
});
