import { z } from "@hono/zod-openapi";
import { POST_ORIGINS, POST_STATUSES, type PostRow } from "../../db/schema/index.ts";
import type { PostCursor, PostExtras } from "../../db/posts.ts";
import { AppError } from "../../errors.ts";
import { interactionsOf, type PostMetricsSnapshot } from "../../insights/queries.ts";
import { IsoTime, iso } from "./common.ts";

export const Post = z
  .object({
    id: z.string(),
    persona_id: z.string(),
    persona_deleted_at: IsoTime.nullable().openapi({
      description:
        "set when the persona was deleted: the post is kept as history of that persona, not of a later one with the same id",
    }),
    task_id: z.string().nullable(),
    hook: z.string(),
    body: z.string(),
    text: z.string(),
    topic: z.string().nullable(),
    trend: z.string().nullable(),
    status: z.enum(POST_STATUSES),
    origin: z.enum(POST_ORIGINS).openapi({
      description:
        "generated: written here; imported: the account's own earlier post (history import), never published by this service and not in its KPIs or costs",
    }),
    sources: z.array(z.object({ url: z.string().nullable(), title: z.string().nullable() })).openapi({
      description:
        "the persona's sources the post was written from (pages, feed entries, notes: url null for pasted text); empty when it had none",
    }),
    source_id: z
      .string()
      .nullable()
      .openapi({ description: "the source it was written from first (dedup compares posts within a source)" }),
    source_item_id: z.string().nullable().openapi({ description: "the source item it repurposes, if any" }),
    usage: z.object({
      prompt_tokens: z.number(),
      completion_tokens: z.number(),
      cost_usd: z.number(),
      models: z.array(
        z.object({
          step: z.string(),
          model: z.string(),
          provider: z.string(),
          prompt_tokens: z.number(),
          completion_tokens: z.number(),
          cost_usd: z.number(),
        }),
      ),
    }),
    threads: z.object({
      container_id: z.string().nullable(),
      media_id: z.string().nullable(),
      permalink: z.string().nullable(),
    }),
    scheduled_at: IsoTime.nullable(),
    published_at: IsoTime.nullable(),
    error: z.string().nullable(),
    created_at: IsoTime,
    updated_at: IsoTime,
    metrics: z
      .object({
        views: z.number(),
        likes: z.number(),
        replies: z.number(),
        reposts: z.number(),
        quotes: z.number(),
        shares: z.number(),
        engagement_rate: z.number().nullable(),
        captured_at: IsoTime,
      })
      .nullable()
      .openapi({ description: "the latest insights reading; null until the first poll" }),
    experiments: z
      .array(z.object({ id: z.string(), dimension: z.string(), arm: z.string() }))
      .openapi({ description: "the experiments this post is in and the arm it got" }),
    score: z
      .object({
        score: z.number(),
        predicted_engagement_rate: z.number(),
        measured_engagement_rate: z.number().nullable(),
      })
      .nullable()
      .openapi({
        description: "the viral score of the stored text (POST /v1/score); null for posts stored before scoring",
      }),
  })
  .openapi("Post");

const Reading = z.object({
  views: z.number(),
  likes: z.number(),
  replies: z.number(),
  reposts: z.number(),
  quotes: z.number(),
  shares: z.number(),
  engagement_rate: z.number().nullable(),
  captured_at: IsoTime,
});

export const PostMetricsSeries = z.object({ post_id: z.string(), data: z.array(Reading) }).openapi("PostMetricsSeries");

/** One insights reading as the API shows it. Engagement rate = (likes + replies + reposts + quotes + shares) / views, null without views. */
export const readingJson = (m: PostMetricsSnapshot): z.infer<typeof Reading> => ({
  views: m.views,
  likes: m.likes,
  replies: m.replies,
  reposts: m.reposts,
  quotes: m.quotes,
  shares: m.shares,
  engagement_rate: m.views > 0 ? interactionsOf(m) / m.views : null,
  captured_at: iso(m.captured_at) ?? "",
});

const metricsJson = (m: PostMetricsSnapshot | undefined): z.infer<typeof Post>["metrics"] =>
  m ? readingJson(m) : null;

export const postJson = (p: PostRow, extras: PostExtras = {}): z.infer<typeof Post> => ({
  id: p.id,
  persona_id: p.deletedPersonaId ?? p.personaId,
  persona_deleted_at: iso(p.personaDeletedAt),
  task_id: p.taskId,
  hook: p.hook,
  body: p.body,
  text: p.text,
  topic: p.topic,
  trend: p.trend,
  status: p.status,
  origin: p.origin,
  sources: p.sources ?? [],
  source_id: p.sourceId ?? null,
  source_item_id: p.sourceItemId ?? null,
  usage: {
    prompt_tokens: p.promptTokens,
    completion_tokens: p.completionTokens,
    cost_usd: p.costUsd,
    models: p.models,
  },
  threads: { container_id: p.threadsContainerId, media_id: p.threadsMediaId, permalink: p.permalink },
  scheduled_at: iso(p.scheduledAt),
  published_at: iso(p.publishedAt),
  error: p.error,
  created_at: iso(p.createdAt) ?? "",
  updated_at: iso(p.updatedAt) ?? "",
  metrics: metricsJson(extras.metrics),
  experiments: extras.experiments ?? [],
  score: extras.score
    ? {
        score: extras.score.score,
        predicted_engagement_rate: extras.score.predictedEr,
        measured_engagement_rate: extras.score.measuredEr,
      }
    : null,
});

// Opaque to clients: base64url of "createdAt:id", the position of the last post on the page.
export const encodeCursor = (c: PostCursor): string =>
  btoa(`${c.createdAt}:${c.id}`).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");

export function decodeCursor(raw: string): PostCursor {
  try {
    const text = atob(raw.replaceAll("-", "+").replaceAll("_", "/"));
    const [at, ...rest] = text.split(":");
    const createdAt = Number(at);
    const id = rest.join(":");
    if (!Number.isInteger(createdAt) || !id) throw new Error("shape");
    return { createdAt, id };
  } catch {
    throw new AppError("bad_request", "cursor: not a cursor returned by this API", { field: "cursor" });
  }
}
