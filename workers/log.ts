import { AsyncLocalStorage } from "node:async_hooks";

// Structured logs: one JSON object per line with an `event` name. Every line carries the id of
// what it happened in — the HTTP request (the x-request-id the client saw), the queue message
// or the cron run — taken from the async context the entry point opened, so no function has to
// thread an id through its arguments. Task and post ids are added by the caller where known.

interface LogContext {
  request_id: string;
}

const context = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `requestId` attached to every log line written inside it. */
export const withRequestId = <T>(requestId: string, fn: () => T): T => context.run({ request_id: requestId }, fn);

export const currentRequestId = (): string | undefined => context.getStore()?.request_id;

export function logEvent(event: string, fields: Record<string, unknown> = {}, level: "info" | "error" = "info"): void {
  const line = JSON.stringify({ event, request_id: currentRequestId(), ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}

export const logError = (event: string, fields: Record<string, unknown> = {}): void => logEvent(event, fields, "error");
