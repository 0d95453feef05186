import { writeOffline } from "./offline-writer.ts";
import { writeReplyOffline } from "./offline-reply.ts";
import type { CompletionRequest, CompletionResult, LlmProvider } from "./types.ts";
import { transientError } from "../../errors.ts";
import { estimateTokens } from "./workers-ai.ts";

export interface OfflineOptions {
  /** Probability (0..1) that a call fails transiently, for soak tests of the retry path. */
  faultRate?: number;
  /** Simulated model latency per call. */
  latencyMs?: number;
  random?: () => number;
}

/** A deterministic local writer: the product runs offline with real, varied posts and honest token counts. */
export class OfflineProvider implements LlmProvider {
  readonly name = "offline";

  constructor(private readonly opts: OfflineOptions = {}) {}

  async complete(req: CompletionRequest): Promise<CompletionResult> {
    if (this.opts.latencyMs) await new Promise((r) => setTimeout(r, this.opts.latencyMs));
    const random = this.opts.random ?? Math.random;
    if (this.opts.faultRate && random() < this.opts.faultRate) {
      throw transientError("upstream_error", "offline model: injected transient failure (OFFLINE_LLM_FAULT_RATE)");
    }
    const text = req.brief.kind === "reply" ? writeReplyOffline(req.brief) : writeOffline(req.brief);
    return {
      text,
      model: req.model,
      promptTokens: estimateTokens(req.messages.map((m) => m.content).join("\n")),
      completionTokens: estimateTokens(text),
    };
  }
}
