// What a reply action runs with inside the persona's Durable Object.
import type { Db } from "../db/client.ts";
import type { StopCheck } from "../lifecycle/guard.ts";
import type { ThreadsClient } from "../providers/threads/index.ts";
import type { Providers } from "../services.ts";
import type { Settings } from "../settings/index.ts";

export interface ReplyDeps {
  env: Env;
  db: Db;
  client: ThreadsClient;
  providers: Providers;
  settings: Settings;
  now: () => number;
  /** Says when the persona was deleted mid-flight: checked before each call that creates or publishes. */
  stop: StopCheck;
  sleep?: (ms: number) => Promise<void>;
}

/** What the queue does with the message: settled, retried with backoff, or re-sent later. */
export type ReplyOutcome =
  | { kind: "done"; note?: string }
  | { kind: "retry"; delaySeconds?: number }
  | { kind: "later"; delaySeconds: number };
