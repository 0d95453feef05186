// The writing steps and the persona's language: the offline writer says when it falls back to
// English; a chat model that answers in another language is asked once more, then accepted
// with a warning; prompts carry language, audience, arms and the persona's best posts.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { PersonaAgentForTests as PersonaAgent } from "../support/persona-agent-test.ts";
import { settings } from "../../workers/settings/index.ts";
import { checkLanguage } from "../../workers/pipeline/language-check.ts";
import { armInstructions, bodyMessages, hookMessages, languageName } from "../../workers/pipeline/prompts.ts";
import { services } from "../../workers/services.ts";
import type { ChatMessage, CompletionRequest } from "../../workers/providers/llm/types.ts";
import { createPersona, submitTask, waitForTask } from "../support/helpers.ts";
import { agentOf } from "../support/persona-agent.ts";

const stepDetail = (t: Awaited<ReturnType<typeof waitForTask>>, name: string) =>
  t.steps.find((s) => s.name === name)?.detail ?? {};

describe("writer language", () => {
  it("the offline writer writes English for 'ja' and says so on the task", async () => {
    await createPersona({ id: "nihongo", language: "ja" });
    const task = await waitForTask(await submitTask({ persona_id: "nihongo", topic: "remote work" }));
    expect(task.status).toBe("succeeded");
    expect((stepDetail(task, "hook").warnings as string[])[0]).toMatch(
      /no phrasebook for language 'ja': the post is written in English/,
    );
    const es = await createPersona({ id: "espanol", language: "es" });
    expect(es).toMatchObject({ language: "es" });
    const spanish = await waitForTask(await submitTask({ persona_id: "espanol", topic: "trabajo remoto" }));
    expect(stepDetail(spanish, "hook").warnings).toBeUndefined();
  });

  it("regenerates a chat model's answer once when it is in the wrong language, then keeps it with a warning", async () => {
    await createPersona({ id: "espanol", language: "es" });
    const seen: ChatMessage[][] = [];
    const stub = agentOf("espanol");
    await runInDurableObject(stub, (instance: PersonaAgent) => {
      const real = services(env).providers;
      let calls = 0;
      instance.providers = {
        ...real,
        llm: {
          name: "openai",
          async complete(req: CompletionRequest) {
            seen.push(req.messages);
            calls++;
            // The hook: English first, Spanish when told. The body: English both times.
            const text =
              req.brief.kind === "hook" && calls === 2
                ? "¿Por qué el trabajo remoto cansa más de lo que parece cuando nadie apaga la cámara?"
                : "Remote work is tiring in ways nobody tells you about, and the fix is smaller than you think.";
            return { text, model: "gpt-4o-mini", promptTokens: 100, completionTokens: 20 };
          },
        },
      };
    });
    const task = await waitForTask(await submitTask({ persona_id: "espanol", topic: "trabajo remoto" }));
    expect(task.status).toBe("succeeded");
    expect(stepDetail(task, "hook")).toMatchObject({
      regenerated_for_language: "spa",
      prompt_tokens: 200,
      completion_tokens: 40,
    });
    expect(stepDetail(task, "hook").warnings).toBeUndefined();
    expect((stepDetail(task, "body").warnings as string[])[0]).toMatch(
      /the body is in 'eng', not 'spa', after one regeneration/,
    );
    expect(seen[1]?.at(-1)?.content).toMatch(/Write it again, only in Spanish/);
    expect(seen[0]?.[0]?.content).toContain("Write only in Spanish (es)");
  });

  it("prompts carry language, audience, the arms to realise and the persona's best posts", () => {
    const persona = {
      id: "p",
      name: "P",
      description: "Coach for burned-out engineers",
      tone: "warm",
      topics: ["burnout"],
      language: "pt-BR",
    };
    const hook = hookMessages({
      kind: "hook",
      persona,
      topic: "burnout",
      arms: { hook_style: "statistic", tone: "blunt" },
      examples: ["Best post ever."],
    });
    expect(hook[0]?.content).toContain("Write only in Brazilian Portuguese (pt-BR)");
    expect(hook[0]?.content).toContain("Audience: burned-out engineers.");
    expect(hook[0]?.content).toContain("<<<Best post ever.>>>");
    expect(hook[1]?.content).toMatch(/Hook style: a line that carries a concrete number/);
    const body = bodyMessages({
      kind: "body",
      persona,
      topic: "burnout",
      hook: "x",
      arms: { length: "short", format: "list", emotion: "empathy" },
    });
    expect(body[1]?.content).toMatch(/under 50 words[\s\S]*numbered list[\s\S]*|numbered list[\s\S]*under 50 words/);
    expect(armInstructions({ emotion: "humor" }, "body")).toEqual(["Emotion to evoke: humor."]);
    expect(languageName("xx-unknown")).toContain("xx-unknown");
  });

  it("identifies the language with franc-min, and leaves short or unknown text alone", () => {
    expect(
      checkLanguage("Nunca sé cuánto cobrar por mi trabajo y eso me quita el sueño cada mes.", "es"),
    ).toMatchObject({ expected: "spa", detected: "spa", matches: true });
    expect(
      checkLanguage("I never know what to charge for my work and it keeps me up every month.", "es"),
    ).toMatchObject({ expected: "spa", detected: "eng", matches: false });
    expect(checkLanguage("Too short", "es").matches).toBe(true);
    expect(checkLanguage("Some words in a language we do not check at all here.", "xx").expected).toBeNull();
  });
});
