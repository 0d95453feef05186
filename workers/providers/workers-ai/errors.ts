import { AppError, type FailureKind } from "../../errors.ts";

// Workers AI's documented error codes (https://developers.cloudflare.com/workers-ai/platform/errors/,
// read 2026-12-01). The binding throws an Error whose message starts with the internal code
// ("3040: Capacity temporarily exceeded"), so the code is read from the message.
const PERMANENT_CODES: Record<number, string> = {
  5007: "no such model",
  5004: "invalid input data",
  3039: "fine-tune is missing files",
  3003: "incomplete request",
  5018: "account not allowed to use this model",
  5016: "model terms not accepted",
  3023: "account blocked",
  3041: "account not allowed to use this model",
  5019: "deprecated SDK version",
  5005: "model does not support LoRA",
  3042: "invalid model id",
  3006: "request too large",
  10000: "authentication error",
};
// 3007/3008 timeout/aborted, 3040 out of capacity, 3036 daily free allocation used up (resets):
// all pass with time, as does anything undocumented.

export function workersAiErrorKind(message: string): FailureKind {
  const code = /(?:^|\D)(\d{4,5})\s*:/.exec(message)?.[1];
  if (code && PERMANENT_CODES[Number(code)]) return "permanent";
  if (/authentication error|no such model|invalid model/i.test(message)) return "permanent";
  return "transient";
}

/** An error thrown by `env.AI.run`, classified. */
export function workersAiError(what: string, err: unknown): AppError {
  const message = err instanceof Error ? err.message : String(err);
  const kind = workersAiErrorKind(message);
  return new AppError("upstream_error", `Workers AI ${what}: ${message}`, { provider: "workers-ai" }, { kind });
}
