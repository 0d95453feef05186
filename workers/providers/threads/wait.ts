// Container polling with exponential backoff. Meta suggests checking about once a minute for
// up to five minutes; TEXT containers are usually FINISHED within seconds, so we start short
// and double. Transient errors while polling are retried within the same time budget.
import { ThreadsApiError } from "./errors.ts";
import type { ContainerStatusResult, WaitOptions } from "./types.ts";

export interface WaitDeps {
  getStatus: () => Promise<ContainerStatusResult>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

export async function waitForContainer(deps: WaitDeps, opts: WaitOptions): Promise<ContainerStatusResult> {
  const maxWaitMs = opts.maxWaitMs ?? 300_000;
  const maxDelayMs = opts.maxDelayMs ?? 60_000;
  const start = deps.now();
  let delay = Math.max(0, opts.initialDelayMs ?? 1_000);
  let last: ContainerStatusResult | undefined;
  let lastError: ThreadsApiError | undefined;

  for (;;) {
    const remaining = maxWaitMs - (deps.now() - start);
    if (remaining <= 0) break;
    await deps.sleep(Math.min(delay, remaining));
    try {
      last = await deps.getStatus();
      lastError = undefined;
    } catch (err) {
      if (!(err instanceof ThreadsApiError) || err.kind !== "transient") throw err;
      lastError = err;
    }
    if (last?.status === "FINISHED" || last?.status === "PUBLISHED") return last;
    if (last?.status === "ERROR" || last?.status === "EXPIRED") {
      const why = last.status === "EXPIRED" ? "expired before it was published" : `failed: ${last.errorMessage ?? "UNKNOWN"}`;
      throw new ThreadsApiError({
        kind: "permanent",
        operation: "waitUntilFinished",
        message: `Threads container ${last.id} ${why}`,
      });
    }
    delay = Math.min(Math.max(delay * 2, 250), maxDelayMs);
  }
  throw new ThreadsApiError({
    kind: "transient",
    operation: "waitUntilFinished",
    timeout: true,
    message: lastError
      ? `Threads container still not ready after ${maxWaitMs} ms (last error: ${lastError.message})`
      : `Threads container still ${last?.status ?? "unchecked"} after ${maxWaitMs} ms`,
  });
}
