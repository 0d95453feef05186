// Narrow Graph JSON to the fields we need; a missing required field is a transient error
// (a truncated or unexpected response), never an undefined that leaks further in.
import { ThreadsApiError } from "./errors.ts";
import { isObject } from "./http.ts";
import type { PostInsights, ThreadsPost, ThreadsReply } from "./types.ts";

export function reqString(json: Record<string, unknown>, key: string, operation: string): string {
  const v = json[key];
  if (typeof v === "string" && v.length > 0) return v;
  if (typeof v === "number") return String(v);
  throw new ThreadsApiError({
    kind: "transient",
    operation,
    message: `Threads ${operation} failed: response has no '${key}'`,
  });
}

export function optString(json: Record<string, unknown>, key: string): string | undefined {
  const v = json[key];
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

export function optNumber(json: Record<string, unknown>, key: string): number | undefined {
  const v = json[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** Reads a numeric JSON field from the raw body without going through a float. */
export function rawDigits(raw: string, key: string): string | undefined {
  const m = new RegExp(`"${key}"\\s*:\\s*"?(\\d+)"?`).exec(raw);
  return m?.[1];
}

export function dataArray(json: Record<string, unknown>): Record<string, unknown>[] {
  const data = json["data"];
  return Array.isArray(data) ? data.filter(isObject) : [];
}

export function toPost(item: Record<string, unknown>): ThreadsPost {
  return {
    id: optString(item, "id") ?? "",
    text: optString(item, "text"),
    timestamp: optString(item, "timestamp"),
    permalink: optString(item, "permalink"),
    mediaType: optString(item, "media_type"),
    shortcode: optString(item, "shortcode"),
    username: optString(item, "username"),
    topicTag: optString(item, "topic_tag"),
  };
}

/** Insight entries carry `values[0].value` (media, lifetime) or `total_value.value` (user). */
export function metricValue(entry: Record<string, unknown>): number {
  const total = entry["total_value"];
  if (isObject(total) && typeof total["value"] === "number") return total["value"];
  const values = entry["values"];
  if (Array.isArray(values)) {
    const last = values[values.length - 1];
    if (isObject(last) && typeof last["value"] === "number") return last["value"];
  }
  return 0;
}

export const INSIGHT_METRICS = ["views", "likes", "replies", "reposts", "quotes", "shares"] as const;

export function toInsights(json: Record<string, unknown>): PostInsights {
  const out: PostInsights = { views: 0, likes: 0, replies: 0, reposts: 0, quotes: 0, shares: 0 };
  for (const entry of dataArray(json)) {
    const name = entry["name"];
    if (typeof name === "string" && (INSIGHT_METRICS as readonly string[]).includes(name)) {
      out[name as keyof PostInsights] = metricValue(entry);
    }
  }
  return out;
}

/** A reply object (the documented reply fields); nested root_post/replied_to carry ids. */
export function toReply(item: Record<string, unknown>): ThreadsReply {
  const root = isObject(item["root_post"]) ? item["root_post"] : {};
  const parent = isObject(item["replied_to"]) ? item["replied_to"] : {};
  const owned = item["is_reply_owned_by_me"];
  return {
    id: optString(item, "id") ?? "",
    text: optString(item, "text"),
    username: optString(item, "username"),
    timestamp: optString(item, "timestamp"),
    permalink: optString(item, "permalink"),
    rootPostId: optString(root, "id"),
    rootOwnerId: optString(root, "owner_id"),
    repliedToId: optString(parent, "id"),
    hideStatus: optString(item, "hide_status"),
    isReplyOwnedByMe: typeof owned === "boolean" ? owned : undefined,
  };
}
