import type { GenerationBrief } from "./brief.ts";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface CompletionRequest {
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  temperature: number;
  /** The structured request behind the messages; the offline writer composes from it. */
  brief: GenerationBrief;
}

export interface CompletionResult {
  text: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
}

/** The LLM port: one call, one completion, with honest token counts. */
export interface LlmProvider {
  readonly name: "offline" | "openai" | "workers-ai";
  complete(req: CompletionRequest): Promise<CompletionResult>;
}
