import OpenAI from "openai";
import type { CompletionRequest, CompletionResult, LlmProvider } from "./types.ts";
import { AppError, kindForStatus, transientError } from "../../errors.ts";

export interface OpenAiOptions {
  apiKey: string;
  baseUrl?: string | null;
  /** Injected by tests to answer with recorded responses; defaults to the global fetch. */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Any OpenAI-compatible chat completions server (OpenAI, vLLM, Ollama, …) through the official SDK. */
export class OpenAiProvider implements LlmProvider {
  readonly name = "openai";
  readonly client: OpenAI;

  constructor(opts: OpenAiOptions) {
    this.client = new OpenAI({
      apiKey: opts.apiKey,
      baseURL: opts.baseUrl ?? undefined,
      fetch: opts.fetch,
      timeout: opts.timeoutMs ?? 30_000,
      // The queue owns retries with backoff; SDK retries would multiply them.
      maxRetries: 0,
    });
  }

  async complete(req: CompletionRequest): Promise<CompletionResult> {
    try {
      const res = await this.client.chat.completions.create({
        model: req.model,
        messages: req.messages,
        max_tokens: req.maxTokens,
        temperature: req.temperature,
      });
      const text = res.choices[0]?.message?.content?.trim() ?? "";
      if (!text) throw transientError("upstream_error", `${req.model} returned an empty completion`);
      return {
        text,
        model: res.model || req.model,
        promptTokens: res.usage?.prompt_tokens ?? 0,
        completionTokens: res.usage?.completion_tokens ?? 0,
      };
    } catch (err) {
      throw mapOpenAiError(err);
    }
  }
}

/**
 * Rate limits, timeouts and server errors are worth a retry; a bad key (401/403), an unknown or
 * retired model (404) or a rejected request (400/422) is not, and fails the task at once.
 */
export function mapOpenAiError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof OpenAI.APIConnectionError)
    return transientError("upstream_error", `OpenAI unreachable: ${err.message}`);
  if (err instanceof OpenAI.APIError) {
    const status = err.status ?? 0;
    const what =
      status === 401 || status === 403 ? "rejected the API key" : status === 404 ? "does not know the model" : "failed";
    return new AppError(
      "upstream_error",
      `OpenAI ${what} (${status}): ${err.message}`,
      { provider: "openai", status },
      { kind: kindForStatus(status) },
    );
  }
  return transientError("upstream_error", `OpenAI: ${err instanceof Error ? err.message : String(err)}`);
}
