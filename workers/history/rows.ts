// One imported post as the import stores it, whichever way it came (a file, a Threads sync), and
// the key that makes a second import of the same post a duplicate rather than a second row.
import type { ImportedPostRow } from "../db/history.ts";
import { countPostChars, MAX_POST_CHARS } from "../providers/threads/limits.ts";
import type { PostInsights } from "../providers/threads/types.ts";
import { unsafeTextProblem } from "../text/unsafe-chars.ts";

/** One post to import: its text, time and the same six counts Threads' insights report. */
export interface ImportRow extends PostInsights {
  text: string;
  /** Epoch ms. */
  publishedAt: number;
  /** Threads' media id and permalink (a sync); absent for a file. */
  mediaId?: string;
  permalink?: string;
}

export const COUNT_FIELDS = ["views", "likes", "replies", "reposts", "quotes", "shares"] as const;
export type CountField = (typeof COUNT_FIELDS)[number];
/** Every field a file row may carry; `views` is the only count that is required. */
export const FILE_FIELDS = ["text", "published_at", ...COUNT_FIELDS] as const;

/** A published_at a little ahead of our clock (the exporter's clock) is still "now". */
const FUTURE_GRACE_MS = 5 * 60_000;
/** No count beyond this is believable for one post (and it keeps sums exact in doubles). */
const MAX_COUNT = 1e12;

/** What is wrong with one field of a row, or null. */
export function textProblem(text: unknown): string | null {
  if (typeof text !== "string") return "must be a string";
  if (text.trim().length === 0) return "must not be empty";
  const unsafe = unsafeTextProblem(text);
  if (unsafe) return unsafe;
  const n = countPostChars(text);
  if (n > MAX_POST_CHARS) return `is ${n} characters, over Threads' ${MAX_POST_CHARS}`;
  return null;
}

/** ISO 8601 with a zone (Z or ±hh:mm), or Unix seconds as digits; epoch ms or a problem. */
export function parsePublishedAt(raw: unknown, now: number): number | string {
  let ms: number;
  if (typeof raw === "number" || (typeof raw === "string" && /^\d{9,11}$/.test(raw))) {
    ms = Number(raw) * 1000;
  } else if (
    typeof raw === "string" &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(raw)
  ) {
    ms = Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  } else {
    return "must be an ISO 8601 time with a zone (2026-03-01T09:30:00Z) or Unix seconds";
  }
  if (!Number.isFinite(ms)) return "is not a valid time";
  if (ms > now + FUTURE_GRACE_MS) return "is in the future";
  return ms;
}

/** A count: a whole number ≥ 0 (a CSV cell is digits). */
export function parseCount(raw: unknown): number | string {
  const n = typeof raw === "string" && /^\d{1,13}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > MAX_COUNT)
    return "must be a whole number from 0 up";
  return n;
}

const normalise = (text: string) => text.normalize("NFC").trim().replace(/\s+/g, " ");

/** sha-256 of the normalised text and the minute it was published: one post, one key. */
export async function importKey(row: Pick<ImportRow, "text" | "publishedAt">): Promise<string> {
  const input = `${normalise(row.text)}\n${Math.floor(row.publishedAt / 60_000)}`;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(input));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** First line as the hook, the rest as the body, as the writer's posts are split. */
export function splitHook(text: string): { hook: string; body: string } {
  const trimmed = text.trim();
  const nl = trimmed.indexOf("\n");
  return nl < 0
    ? { hook: trimmed, body: "" }
    : { hook: trimmed.slice(0, nl).trim(), body: trimmed.slice(nl + 1).trim() };
}

/** The rows as storage takes them: hook and body split, each keyed, ids and links null when absent. */
export function storedRows(rows: readonly ImportRow[]): Promise<ImportedPostRow[]> {
  return Promise.all(
    rows.map(async (r) => ({
      ...splitHook(r.text),
      text: r.text,
      key: await importKey(r),
      mediaId: r.mediaId ?? null,
      permalink: r.permalink ?? null,
      publishedAt: r.publishedAt,
      views: r.views,
      likes: r.likes,
      replies: r.replies,
      reposts: r.reposts,
      quotes: r.quotes,
      shares: r.shares,
    })),
  );
}
