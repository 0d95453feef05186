import { describe, expect, it } from "vitest";
import { api, createPersona, submitTask, waitForTask } from "../support/helpers.ts";

describe("API → queue → Durable Object → D1", () => {
  it("turns a task into a stored post with every step timed and its cost", async () => {
    await createPersona();
    const taskId = await submitTask({ persona_id: "calm-founder", topic: "pricing your first SaaS", publish: "draft" });
    const task = await waitForTask(taskId);
    expect(task.status).toBe("succeeded");
    expect(task.steps.map((s) => s.name)).toEqual([
      "ingest",
      "trend_research",
      "retrieve",
      "hook",
      "body",
      "guardrail",
      "format",
      "score",
      "dedup",
      "store",
    ]);
    for (const s of task.steps) {
      expect(s.status).toBe("succeeded");
      expect(s.duration_ms).toBeGreaterThanOrEqual(0);
    }
    const post = (await (await api(`/v1/posts/${task.post_id}`)).json()) as Record<string, any>;
    expect(post.status).toBe("draft");
    expect(post.persona_id).toBe("calm-founder");
    expect(post.text.startsWith(post.hook)).toBe(true);
    expect(post.usage.prompt_tokens).toBeGreaterThan(0);
    expect(post.usage.completion_tokens).toBeGreaterThan(0);
    expect(post.usage.models.map((m: { step: string }) => m.step)).toEqual(["hook", "body"]);
  });
});
