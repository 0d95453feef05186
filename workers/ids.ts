// Every id this Worker makes up: a fixed prefix per kind, "_", then 32 lowercase hex digits
// (a random UUID without its dashes, 122 random bits). Derived ids (a task's post,
// pipeline/steps/store.ts) keep the random part of the id they come from.

export const ID_PREFIX = {
  task: "tsk",
  post: "pst",
  experiment: "exp",
  alert: "alrt",
  /** A reply or mention in the inbox. */
  reply: "rpl",
  /** An API key row (its secret is `ta_…`, never stored). */
  key: "key",
  /** An audit log entry. */
  audit: "aud",
  /** A history sync (workers/history/start.ts). */
  historyJob: "hsj",
  /** A persona's page, feed or pasted text (workers/sources/). */
  source: "src",
  sourceItem: "sit",
  sourceChunk: "chk",
  /** An HTTP request without a usable X-Request-Id. */
  request: "req",
  /** One cron invocation. */
  cron: "cron",
  /** One queue batch. */
  message: "msg",
} as const;

export type IdKind = keyof typeof ID_PREFIX;

export const ID_PATTERN = /^[a-z]+_[0-9a-f]{32}$/;

export function newId(kind: IdKind): string {
  return `${ID_PREFIX[kind]}_${crypto.randomUUID().replaceAll("-", "")}`;
}
