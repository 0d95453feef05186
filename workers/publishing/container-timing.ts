// When to look at a Threads container again, per Meta's guidance:
// - "It is recommended to wait on average 30 seconds before publishing a Threads media container
//   to give our server enough time to fully process the upload."
//   (https://developers.facebook.com/docs/threads/posts#step-2--publish-a-threads-media-container)
// - "We recommend querying a container's status once per minute, for no more than 5 minutes."
//   (https://developers.facebook.com/docs/threads/troubleshooting#publishing-does-not-return-a-media-id)
// The publisher never sleeps through these inside a queue consumer: a wait longer than
// `inlineMaxMs` ends the attempt with a `waiting` outcome, and the consumer sends the post's
// message again with that delay (workers/durable/consumers.ts), so one slow container holds
// up no other post.

export interface ContainerTiming {
  /** After creating a container, before its first status check (Meta: ~30 s). */
  firstCheckMs: number;
  /** Between status checks of a container still IN_PROGRESS (Meta: once a minute). */
  checkEveryMs: number;
  /** A container still IN_PROGRESS this long after it was created has failed (Meta: 5 minutes). */
  maxWaitMs: number;
  /** Waits up to this long are slept inside the attempt; longer ones become a delayed message. */
  inlineMaxMs: number;
}

// Settable as THREADS_CONTAINER_*_SECONDS (workers/settings/registry.ts), so tests and the fake use short values.
export const META_CONTAINER_TIMING: ContainerTiming = {
  firstCheckMs: 30_000,
  checkEveryMs: 60_000,
  maxWaitMs: 300_000,
  inlineMaxMs: 2_000,
};

/** How long to wait before the next status check of a container created at `createdAt`, or null when it is past maxWaitMs. */
export function nextCheckDelay(
  timing: ContainerTiming,
  createdAt: number,
  now: number,
  checkedBefore: boolean,
): number | null {
  const age = now - createdAt;
  if (!checkedBefore) return Math.max(0, timing.firstCheckMs - age);
  if (age >= timing.maxWaitMs) return null;
  return Math.min(timing.checkEveryMs, Math.max(0, timing.maxWaitMs - age));
}
