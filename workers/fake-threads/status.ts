// A container's lifecycle, derived from its row and the clock rather than stored, so a test
// clock moves it through IN_PROGRESS → FINISHED → EXPIRED without any background job.
import type { ContainerStatus } from "../providers/threads/types.ts";
import type { ContainerRow } from "./store.ts";

/** Unpublished containers expire after 24 hours, as on Threads. */
export const CONTAINER_TTL_MS = 86_400_000;

export function containerStatus(row: ContainerRow, now: number, processingMs: number): ContainerStatus {
  if (row.publishedMediaId) return "PUBLISHED";
  if (row.errorMessage) return "ERROR";
  const age = now - row.createdAt;
  if (age >= CONTAINER_TTL_MS) return "EXPIRED";
  return age < processingMs ? "IN_PROGRESS" : "FINISHED";
}
