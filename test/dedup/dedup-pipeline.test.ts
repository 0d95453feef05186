import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { PersonaAgentForTests as PersonaAgent } from "../support/persona-agent-test.ts";
import type { CompletionRequest } from "../../workers/providers/llm/types.ts";
import { transientError } from "../../workers/errors.ts";
import { api, createPersona, submitTask, waitForTask, type TaskView } from "../support/helpers.ts";
import { agentOf } from "../support/persona-agent.ts";

const PERSONA = "calm-founder";
const agent = () => agentOf(PERSONA);
const dedupDetail = (t: TaskView) => t.steps.find((s) => s.name === "dedup")?.detail ?? {};

interface PostView {
  id: string;
  text: string;
  usage: { models: { step: string }[] };
}

async function storedPosts(): Promise<PostView[]> {
  const res = await api(`/v1/posts?persona_id=${PERSONA}&limit=100`);
  return ((await res.json()) as { data: PostView[] }).data;
}

async function compare(a: string, b: string): Promise<{ similarity: number; duplicate: boolean; threshold: number }> {
  const res = await api("/v1/dedup/compare", { method: "POST", json: { a, b, persona_id: PERSONA } });
  expect(res.status).toBe(200);
  return res.json();
}

/** Every pair of the persona's stored posts, scored by the compare endpoint. */
async function pairwise(): Promise<{ similarity: number; duplicate: boolean }[]> {
  const posts = await storedPosts();
  const out = [];
  for (let i = 0; i < posts.length; i++)
    for (let j = i + 1; j < posts.length; j++) out.push(await compare(posts[i]!.text, posts[j]!.text));
  return out;
}

describe("dedup step", () => {
  it("regenerates a near-duplicate once, then ends the task duplicate when the rewrite still is one", async () => {
    // The persona's own threshold (0.55, looser than the offline embedder's calibrated one): this test
    // is about the rewrite-then-duplicate mechanics, not about where the calibrated threshold sits.
    await createPersona({ dedup_threshold: 0.55 });
    const tasks: TaskView[] = [];
    for (let i = 0; i < 3; i++) {
      tasks.push(
        await waitForTask(
          await submitTask({ persona_id: PERSONA, topic: "pricing your first SaaS", publish: "draft" }),
        ),
      );
    }
    const [first, second, third] = tasks as [TaskView, TaskView, TaskView];

    expect(first.status).toBe("succeeded");
    expect(dedupDetail(first)).toMatchObject({
      embedder: "offline-hash-v4",
      threshold: 0.55,
      window_days: 90,
      rewritten: false,
      similarity: 0,
    });

    // The offline writer gives the same topic the same first draft: a rewrite, told what it resembled.
    expect(second.status).toBe("succeeded");
    const d2 = dedupDetail(second);
    expect(d2).toMatchObject({ rewritten: true, first_similar_post_id: first.post_id });
    expect(d2.first_similarity as number).toBeGreaterThanOrEqual(0.55);
    expect(d2.similarity as number).toBeLessThan(0.55);
    const rewritten = (await (await api(`/v1/posts/${second.post_id}`)).json()) as PostView;
    expect(rewritten.usage.models.map((m) => m.step)).toEqual(["hook", "body", "rewrite_hook", "rewrite_body"]);

    // The third's rewrite lands on the second post: duplicate, with the post and similarity recorded.
    expect(third.status).toBe("duplicate");
    expect(third.post_id).toBeNull();
    expect(third.error).toMatch(/still a duplicate after one rewrite: similarity [\d.]+ to post pst_/);
    const step = third.steps.find((s) => s.name === "dedup");
    expect(step?.status).toBe("failed");
    expect(step?.duration_ms).toBeGreaterThanOrEqual(0);
    expect(step?.detail).toMatchObject({ similar_post_id: second.post_id, rewritten: true });
    expect(step?.detail?.similarity as number).toBeGreaterThanOrEqual(0.55);
    expect(third.steps.map((s) => s.name)).not.toContain("store");

    expect(await storedPosts()).toHaveLength(2);
    for (const pair of await pairwise()) expect(pair.duplicate).toBe(false);
  });

  it("three concurrent same-topic tasks never leave two stored posts the compare endpoint calls duplicates", async () => {
    await createPersona();
    const ids = await Promise.all(
      [1, 2, 3].map(() => submitTask({ persona_id: PERSONA, topic: "churn in B2B SaaS", publish: "draft" })),
    );
    const tasks = await Promise.all(ids.map((id) => waitForTask(id)));
    const statuses = tasks.map((t) => t.status).sort();
    expect(statuses).toEqual(["duplicate", "succeeded", "succeeded"]);
    expect(tasks.filter((t) => dedupDetail(t).rewritten === true)).toHaveLength(2);
    const pairs = await pairwise();
    expect(pairs).toHaveLength(1);
    expect(pairs[0]?.duplicate).toBe(false);
  });

  it("a retry after a failed rewrite resumes it without billing the finished rewrite call again", async () => {
    await createPersona();
    await waitForTask(await submitTask({ persona_id: PERSONA, topic: "cold outreach", publish: "draft" }));
    const calls = { rewriteHook: 0, rewriteBody: 0 };
    let restore = () => {};
    await runInDurableObject(agent(), (instance: PersonaAgent) => {
      const real = instance.providers;
      restore = () => void (instance.providers = real);
      instance.providers = {
        ...real,
        llm: {
          name: real.llm.name,
          async complete(req: CompletionRequest) {
            if (req.brief.variant === 1 && req.brief.kind === "hook") calls.rewriteHook++;
            if (req.brief.variant === 1 && req.brief.kind === "body" && ++calls.rewriteBody === 1)
              throw transientError("upstream_error", "body model overloaded");
            return real.llm.complete(req);
          },
        },
      };
    });
    const task = await waitForTask(
      await submitTask({ persona_id: PERSONA, topic: "cold outreach", publish: "draft" }),
      25_000,
    );
    expect(task.status).toBe("succeeded");
    expect(task.attempts).toBe(2);
    expect(calls).toEqual({ rewriteHook: 1, rewriteBody: 2 });
    const post = (await (await api(`/v1/posts/${task.post_id}`)).json()) as PostView;
    expect(post.usage.models.map((m) => m.step)).toEqual(["hook", "body", "rewrite_hook", "rewrite_body"]);
    restore();
  });

  it("indexes stored posts, and DELETE /v1/posts/:id removes the vector with the post", async () => {
    await createPersona();
    const task = await waitForTask(
      await submitTask({ persona_id: PERSONA, topic: "hiring your first engineer", publish: "draft" }),
    );
    expect(task.steps.find((s) => s.name === "store")?.detail).toMatchObject({ indexed: true });
    const post = (await (await api(`/v1/posts/${task.post_id}`)).json()) as PostView;

    const check = async () =>
      (await (
        await api(`/v1/personas/${PERSONA}/dedup/check`, { method: "POST", json: { text: post.text } })
      ).json()) as { matches: { post_id: string; similarity: number }[] };
    expect((await check()).matches[0]).toMatchObject({ post_id: post.id });
    expect((await check()).matches[0]?.similarity).toBeCloseTo(1, 5);

    expect((await api(`/v1/posts/${post.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await api(`/v1/posts/${post.id}`)).status).toBe(404);
    expect((await api(`/v1/posts/${post.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await check()).matches).toEqual([]);
    const left = await runInDurableObject(
      agent(),
      (instance: PersonaAgent, state) =>
        state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM dedup_vectors WHERE id = ?", post.id).one().n,
    );
    expect(left).toBe(0);

    // With the post gone, the same topic is no longer a duplicate of anything.
    const again = await waitForTask(
      await submitTask({ persona_id: PERSONA, topic: "hiring your first engineer", publish: "draft" }),
    );
    expect(dedupDetail(again)).toMatchObject({ rewritten: false });
  });
});
