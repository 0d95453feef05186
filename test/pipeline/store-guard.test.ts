// The store step writes a post, its score and its experiment assignments only while the task is
// still wanted, decided by the store batch itself in D1 (lifecycle/guard.ts taskWanted), so a
// stored post costs no read before it. These are the cases the persona's in-memory stop check
// cannot see: the task cancelled, or its persona row gone, in D1 while the task was in flight.
import { env, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { PersonaAgentForTests as PersonaAgent } from "../support/persona-agent-test.ts";
import { settings } from "../../workers/settings/index.ts";
import { services } from "../../workers/services.ts";
import { count, createPersona, getTask, submitTask, waitForTask, waitUntil } from "../support/helpers.ts";
import { holdEmbeddings } from "../support/persona-agent.ts";
import { agent } from "../support/publishing.ts";

const P = "calm-founder";

beforeEach(async () => {
  await runInDurableObject(agent(P), (instance: PersonaAgent) => {
    instance.providers = services(env).providers;
  });
});

describe("the store batch's guard", () => {
  it("stores the post and its score while the task is wanted, with no read before the insert", async () => {
    await createPersona();
    const id = await submitTask({ persona_id: P, topic: "pricing your first product", publish: "draft" });
    const task = await waitForTask(id);
    expect(task.status).toBe("succeeded");
    expect(await count("SELECT count(*) AS n FROM posts WHERE task_id = ?", id)).toBe(1);
    expect(
      await count("SELECT count(*) AS n FROM post_scores s JOIN posts p ON p.id = s.post_id WHERE p.task_id = ?", id),
    ).toBe(1);
  });

  for (const [what, change] of [
    [
      "cancelled in D1",
      (id: string) =>
        env.DB.prepare("UPDATE tasks SET status = 'cancelled', error = 'cancelled: by the operator' WHERE id = ?")
          .bind(id)
          .run(),
    ],
    ["whose persona row is gone from D1", () => env.DB.prepare("DELETE FROM personas WHERE id = ?").bind(P).run()],
  ] as const) {
    it(`a task ${what} while in flight stores no post and no score, and ends cancelled`, async () => {
      await createPersona();
      const release = await holdEmbeddings(P); // the dedup step, the last before store, waits
      const id = await submitTask({ persona_id: P, topic: "pricing your first product", publish: "draft" });
      await waitUntil("the dedup step", async () => (await getTask(id)).steps.some((s) => s.name === "dedup"));
      await change(id);
      release();
      // The store step halts (its attempt ends); a late write would have landed by then.
      await waitUntil(
        "the store step to halt",
        async () =>
          (await getTask(id).catch(() => null))?.steps.some((s) => s.name === "store" && s.status === "failed") ??
          false,
      );
      const row = await env.DB.prepare("SELECT status, error FROM tasks WHERE id = ?")
        .bind(id)
        .first<{ status: string; error: string }>();
      expect(row?.status).toBe("cancelled");
      expect(row?.error).toMatch(/cancelled/);
      expect(await count("SELECT count(*) AS n FROM posts")).toBe(0);
      expect(await count("SELECT count(*) AS n FROM post_scores")).toBe(0);
    }, 30_000);
  }
});
