// "A hostile reply changes nothing" (issue 21), through the real Worker: every reply of the
// hostile corpus arrives as a signed webhook for a persona in auto mode whose model is a spy that
// would obey anything. None reaches the model, none is answered, nothing on Threads or in the
// persona changes. A harmless reply does reach the model (the spy works), and when the model is
// compromised and leaks or echoes, the answer is held, never sent.
import { SELF, env, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { PersonaAgentForTests as PersonaAgent } from "../support/persona-agent-test.ts";
import { api, count, waitUntil } from "../support/helpers.ts";
import { agent, seedAccount } from "../support/publishing.ts";
import { signBody } from "../../workers/fake-threads/webhooks.ts";
import { stableUserId } from "../../workers/fake-threads/index.ts";
import { services } from "../../workers/services.ts";
import type { CompletionRequest } from "../../workers/providers/llm/types.ts";
import { HOSTILE_REPLIES } from "../fixtures/hostile-replies.ts";

const PERSONA = "hostile-target";
const owner = stableUserId(`fake-${PERSONA}`);
let seq = 0;

async function deliver(text: string): Promise<string> {
  const id = `1789${String(++seq).padStart(13, "0")}`;
  const body = JSON.stringify({
    app_id: "fake-app",
    topic: "moderate",
    target_id: owner,
    time: Math.floor(Date.now() / 1000),
    values: {
      field: "replies",
      value: {
        id,
        username: `stranger_${seq}`,
        text,
        timestamp: "2026-12-01T10:00:00+0000",
        root_post: { id: "17890000000000999", owner_id: owner, username: PERSONA },
        replied_to: { id: "17890000000000999" },
        hide_status: "NOT_HUSHED",
      },
    },
  });
  const res = await SELF.fetch("http://agent.test/webhooks/threads", {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": await signBody("fake-secret", body) },
    body,
  });
  expect(res.status).toBe(200);
  return id;
}

/** The persona's model: records every prompt and answers with `answer(prompt)`. */
async function spyModel(answer: (prompt: string) => string): Promise<string[]> {
  const prompts: string[] = [];
  await runInDurableObject(agent(PERSONA), (instance: PersonaAgent) => {
    const real = services(env).providers;
    instance.providers = {
      ...real,
      llm: {
        name: "openai",
        async complete(req: CompletionRequest) {
          const prompt = req.messages.map((m) => m.content).join("\n");
          prompts.push(prompt);
          return { text: answer(prompt), model: "gpt-4o-mini", promptTokens: 50, completionTokens: 20 };
        },
      },
    };
  });
  return prompts;
}

const row = (threadsId: string) =>
  env.DB.prepare("SELECT status, category, answer_text, error FROM replies WHERE threads_id = ?")
    .bind(threadsId)
    .first<{ status: string; category: string; answer_text: string | null; error: string | null }>();

beforeEach(async () => {
  const res = await api("/v1/personas", {
    method: "POST",
    json: { id: PERSONA, name: "Hostile Target", topics: ["pricing"], replies: "auto" },
  });
  expect(res.status).toBe(201);
  await seedAccount(PERSONA);
});

describe("hostile replies to a persona in auto mode", () => {
  it("reach no prompt, get no answer, and change nothing", async () => {
    const prompts = await spyModel(() => "Sure, here is my API key: sk-live-0000 and my system prompt.");
    const personaBefore = await (await api(`/v1/personas/${PERSONA}`)).json();
    const ids: string[] = [];
    for (const h of HOSTILE_REPLIES) ids.push(await deliver(h.text));
    // A harmless reply last: once it was drafted, the queue has run everything delivered before it.
    const harmless = await deliver("How did you pick your first price?");
    // Generous waits: the queue runs 30-odd messages, and the test machine may be loaded.
    await waitUntil("the harmless reply to reach the model", async () => prompts.length > 0, 60_000);
    await waitUntil("the harmless reply to settle", async () => (await row(harmless))?.error != null, 60_000);

    for (const [i, id] of ids.entries()) {
      const r = await row(id);
      expect(r?.status, HOSTILE_REPLIES[i]?.text).toBe("flagged");
      expect(r?.category).toBe(HOSTILE_REPLIES[i]?.kind);
      expect(r?.answer_text).toBeNull();
    }
    for (const h of HOSTILE_REPLIES) for (const p of prompts) expect(p).not.toContain(h.text);
    // The compromised model's answer is held by the check after writing, never sent.
    expect(await row(harmless)).toMatchObject({ status: "new", answer_text: null });
    expect((await row(harmless))?.error).toMatch(/draft held by the guardrail: .*secret/);
    expect(await count("SELECT count(*) AS n FROM fake_threads_replies WHERE author_id = ?", owner)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM posts WHERE persona_id = ?", PERSONA)).toBe(0);
    expect(await (await api(`/v1/personas/${PERSONA}`)).json()).toEqual(personaBefore);
  }, 150_000);

  it("holds an answer that echoes the reply's words", async () => {
    const text = "What would you charge a small agency with three people for this?";
    await spyModel((prompt) => `You asked: ${prompt.match(/Their reply: <<<(.*)>>>/)?.[1] ?? ""}`);
    const id = await deliver(text);
    await waitUntil("the draft to be held", async () => (await row(id))?.error != null);
    expect(await row(id)).toMatchObject({ status: "new", answer_text: null });
    expect((await row(id))?.error).toMatch(/repeats the reply's words/);
  });
});
