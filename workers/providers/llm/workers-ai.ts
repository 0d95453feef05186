import type { CompletionRequest, CompletionResult, LlmProvider } from "./types.ts";
import { transientError } from "../../errors.ts";
import { workersAiError } from "../workers-ai/errors.ts";

/** The slice of the `Ai` binding this adapter needs; `env.AI` satisfies it. */
export interface AiRunner {
  run(model: string, inputs: Record<string, unknown>): Promise<unknown>;
}

interface AiTextResponse {
  response?: unknown;
  choices?: { message?: { content?: string } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/** Workers AI text generation through the native binding (the @cloudflare/ai package is deprecated). */
export class WorkersAiProvider implements LlmProvider {
  readonly name = "workers-ai";

  constructor(private readonly ai: AiRunner) {}

  async complete(req: CompletionRequest): Promise<CompletionResult> {
    let raw: unknown;
    try {
      raw = await this.ai.run(req.model, {
        messages: req.messages,
        max_tokens: req.maxTokens,
        temperature: req.temperature,
      });
    } catch (err) {
      // Capacity and timeouts pass; an unknown model or a blocked account does not.
      throw workersAiError(req.model, err);
    }
    const res = (raw ?? {}) as AiTextResponse;
    const text = extractText(res).trim();
    if (!text) throw transientError("upstream_error", `Workers AI ${req.model} returned no text`);
    return {
      text,
      model: req.model,
      promptTokens: res.usage?.prompt_tokens ?? estimateTokens(req.messages.map((m) => m.content).join("\n")),
      completionTokens: res.usage?.completion_tokens ?? estimateTokens(text),
    };
  }
}

// Older models answer {response: "..."}; newer ones answer in the OpenAI chat shape.
function extractText(res: AiTextResponse): string {
  if (typeof res.response === "string") return res.response;
  if (res.response && typeof res.response === "object") return JSON.stringify(res.response);
  return res.choices?.[0]?.message?.content ?? "";
}

/** About four characters a token for English text; used only when a provider reports no usage. */
export const estimateTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));
