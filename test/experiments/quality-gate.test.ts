// The quality gate (pipeline step `score`): a draft under the persona's threshold gets one rewrite
// in another hook style, then the task ends rejected with reason low_quality and the score; the
// rewrite's model calls are memoised, so a retry after a failure inside it bills nothing twice.
import { env, evictDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { CompletionRequest } from "../../workers/providers/llm/types.ts";
import { transientError } from "../../workers/errors.ts";
import { api, createPersona, submitTask, waitForTask } from "../support/helpers.ts";
import { agentOf, wrapModel } from "../support/persona-agent.ts";

const PERSONA = "calm-founder";
const agent = () => agentOf(PERSONA);

async function recordModel(failWhen: (req: CompletionRequest, n: number) => boolean = () => false) {
  const calls: { kind: string; variant: number; hookStyle: string | null }[] = [];
  let n = 0;
  await wrapModel(PERSONA, async (req, real) => {
    n++;
    calls.push({
      kind: req.brief.kind,
      variant: req.brief.variant ?? 0,
      hookStyle: req.brief.arms?.hook_style ?? null,
    });
    if (failWhen(req, n)) throw transientError("upstream_error", "model overloaded");
    return real(req);
  });
  return calls;
}

beforeEach(async () => {
  await agent().savedSteps("warm-up");
  await evictDurableObject(agent());
});

describe("quality gate", () => {
  it("rewrites a low-scoring draft once in another hook style, then rejects it as low_quality with the score", async () => {
    await createPersona({ quality_threshold: 0.99 });
    const calls = await recordModel();
    const task = await waitForTask(await submitTask({ persona_id: PERSONA, topic: "pricing", publish: "draft" }));
    expect(task.status).toBe("rejected");
    expect(task.error).toMatch(/^low_quality: score 0\.\d+ below the threshold 0\.99 after one rewrite/);
    const step = task.steps.find((s) => s.name === "score");
    expect(step).toMatchObject({ status: "failed" });
    expect(step?.detail).toMatchObject({
      reason: "low_quality",
      threshold: 0.99,
      score: expect.any(Number),
      first_score: expect.any(Number),
      first_reason: "low_quality",
    });
    const style = step?.detail?.rewrite_hook_style;
    expect(typeof style).toBe("string");
    // First draft, then exactly one rewrite (hook + body) asking for the other style.
    expect(calls.map((c) => c.kind)).toEqual(["hook", "body", "hook", "body"]);
    expect(calls[2]).toMatchObject({ variant: 2, hookStyle: style });
    expect(task.post_id).toBeNull();
    expect(task.steps.map((s) => s.name)).not.toContain("store");
  });

  it("passes a draft over the threshold untouched and stores its score with the post", async () => {
    await createPersona({ quality_threshold: 0 });
    const calls = await recordModel();
    const task = await waitForTask(await submitTask({ persona_id: PERSONA, topic: "pricing", publish: "draft" }));
    expect(task.status).toBe("succeeded");
    expect(calls.map((c) => c.kind)).toEqual(["hook", "body"]);
    const step = task.steps.find((s) => s.name === "score");
    expect(step?.detail).toMatchObject({ rewritten: false, threshold: 0 });
    const post = (await (await api(`/v1/posts/${task.post_id}`)).json()) as { score: { score: number } };
    expect(post.score.score).toBe(step?.detail?.score);
  });

  it("a retry after the rewrite's body failed does not write the rewrite's hook again", async () => {
    await createPersona({ quality_threshold: 0.99 });
    const calls = await recordModel((req, n) => req.brief.kind === "body" && (req.brief.variant ?? 0) === 2 && n === 4);
    const task = await waitForTask(
      await submitTask({ persona_id: PERSONA, topic: "pricing", publish: "draft" }),
      30_000,
    );
    expect(task.status).toBe("rejected");
    expect(task.attempts).toBe(2);
    // hook, body, rewrite hook, rewrite body (fails) | retry: rewrite body only.
    expect(calls.map((c) => `${c.kind}:${c.variant}`)).toEqual(["hook:0", "body:0", "hook:2", "body:2", "body:2"]);
  });

  it("hook fatigue: a hook pattern used HOOK_FATIGUE_MAX_PER_WEEK (5) times this week is rewritten in another style, which then passes", async () => {
    await createPersona({ quality_threshold: 0 });
    const first = await waitForTask(await submitTask({ persona_id: PERSONA, topic: "pricing", publish: "draft" }));
    const hook = ((await (await api(`/v1/posts/${first.post_id}`)).json()) as { hook: string }).hook;
    // Four more posts this week opening the same way: five uses of the pattern.
    for (let i = 0; i < 4; i++) {
      await env.DB.prepare(
        "INSERT INTO posts (id, persona_id, hook, body, text, status, models, created_at, updated_at) VALUES (?, ?, ?, 'b', ?, 'draft', '[]', ?, ?)",
      )
        .bind(`pst_fatigue${i}`, PERSONA, `${hook} (${i})`, `${hook} (${i})`, Date.now(), Date.now())
        .run();
    }
    const calls = await recordModel();
    const task = await waitForTask(await submitTask({ persona_id: PERSONA, topic: "pricing", publish: "draft" }));
    const step = task.steps.find((s) => s.name === "score");
    expect(step?.detail).toMatchObject({ rewritten: true, first_reason: "hook_fatigue" });
    expect(calls.slice(0, 4).map((c) => `${c.kind}:${c.variant}`)).toEqual(["hook:0", "body:0", "hook:2", "body:2"]);
    expect(calls[2]?.hookStyle).toBe(step?.detail?.rewrite_hook_style);
  });

  it("inside a hook_style experiment the rewrite keeps the assigned arm (another hook in the same style), so a post is analysed under the arm it realises", async () => {
    // Threshold 1: every first draft is under it, so every task gets the gate rewrite.
    await createPersona({ quality_threshold: 1 });
    const exp = await api("/v1/experiments", {
      method: "POST",
      json: {
        name: "Hooks",
        persona_id: PERSONA,
        dimension: "hook_style",
        arms: ["question", "statement"],
        min_posts_per_arm: 50,
      },
    });
    expect(exp.status).toBe(201);
    const calls = await recordModel();
    for (let i = 0; i < 6; i++) {
      const task = await waitForTask(
        await submitTask({ persona_id: PERSONA, topic: `pricing ${i}`, publish: "draft" }),
      );
      const arm = (task.steps.find((s) => s.name === "ingest")?.detail as { arms: { hook_style: string } } | undefined)
        ?.arms.hook_style;
      const gate = task.steps.find((s) => s.name === "score")?.detail as {
        rewrite_hook_style: string;
        first_reason: string;
      };
      expect(gate).toMatchObject({ first_reason: "low_quality", rewrite_hook_style: arm });
      const hookCalls = calls.splice(0).filter((c) => c.kind === "hook");
      expect(hookCalls.map((c) => c.hookStyle)).toEqual([arm, arm]);
    }
  });

  it("the persona setting is validated and stored", async () => {
    const bad = await api("/v1/personas", { method: "POST", json: { id: "p1", name: "P", quality_threshold: 2 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^quality_threshold:/);
    await createPersona();
    const patched = await api(`/v1/personas/${PERSONA}`, { method: "PATCH", json: { quality_threshold: 0.5 } });
    expect(await patched.json()).toMatchObject({ quality_threshold: 0.5 });
  });
});
