// The persona's Durable Object as tests reach into it: its stub, a model wrapped so a test can
// count, hold or fail calls, and queue messages whose ack/retry are recorded.
import { env, runInDurableObject } from "cloudflare:test";
import type { PersonaAgentForTests as PersonaAgent } from "./persona-agent-test.ts";
import { personaAgent } from "../../workers/durable/persona-agent.ts";
import type { CompletionRequest, LlmProvider } from "../../workers/providers/llm/types.ts";

/** The persona's object as the tests run it (test/support/worker.ts): the stub carries the test seams' methods too. */
export const agentOf = (persona: string) => personaAgent(env, persona) as unknown as DurableObjectStub<PersonaAgent>;

type Complete = LlmProvider["complete"];

/**
 * Replaces the agent's model with `wrap`, which gets each request and the real model's complete
 * (call it to answer normally). Lasts until the object is evicted (evictDurableObject).
 */
export async function wrapModel(
  persona: string,
  wrap: (req: CompletionRequest, real: Complete) => ReturnType<Complete>,
  name?: LlmProvider["name"],
): Promise<void> {
  await runInDurableObject(agentOf(persona), (instance: PersonaAgent) => {
    const real = instance.providers;
    instance.providers = {
      ...real,
      llm: { name: name ?? real.llm.name, complete: (req) => wrap(req, (r) => real.llm.complete(r)) },
    };
  });
}

/**
 * Holds every embedding of the agent (the dedup step's and the trend check's) until the returned
 * release is called: a test can act while a task waits there, the persona lock held in dedup.
 */
export async function holdEmbeddings(persona: string): Promise<() => void> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await runInDurableObject(agentOf(persona), (instance: PersonaAgent) => {
    const real = instance.providers;
    const embedder = real.embedder;
    instance.providers = {
      ...real,
      embedder: {
        id: embedder.id,
        dimensions: embedder.dimensions,
        embed: async (texts: string[]) => (await gate, embedder.embed(texts)),
      },
    };
  });
  return release;
}

/** A queue message for `body` whose ack/retry calls are recorded, to see what the consumer decided. */
export function recordingMessage(body: unknown, attempts: number) {
  const seen: { acked: boolean; retry: { delaySeconds?: number } | null } = { acked: false, retry: null };
  const msg = {
    id: `m${attempts}`,
    timestamp: new Date(),
    attempts,
    body,
    ack: () => void (seen.acked = true),
    retry: (opts?: { delaySeconds?: number }) => void (seen.retry = opts ?? {}),
  } as unknown as Message<unknown>;
  return { msg, seen };
}
