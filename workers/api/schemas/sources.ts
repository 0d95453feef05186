import { z } from "@hono/zod-openapi";
import { SOURCE_KINDS, SOURCE_STATUSES, type SourceItemRow, type SourceRow } from "../../db/schema/index.ts";
import { IsoTime, iso, safeString } from "./common.ts";

export const MAX_SOURCE_TEXT_CHARS = 100 * 1024;

export const CreateSource = z
  .union([
    z
      .object({
        url: safeString()
          .trim()
          .min(1)
          .max(2048)
          .openapi({ description: "an HTML page or an RSS/Atom feed (detected); https only in production" }),
      })
      .strict(),
    z
      .object({
        text: z
          .string()
          .min(1)
          .max(MAX_SOURCE_TEXT_CHARS, `must be at most ${MAX_SOURCE_TEXT_CHARS} characters (100 KB)`)
          .openapi({ description: "pasted notes or markdown, up to 100 KB" }),
        title: safeString().trim().min(1).max(200),
      })
      .strict(),
  ])
  .openapi("CreateSource", {
    example: { url: "https://example.com/blog/feed.xml" },
  });

export const Source = z
  .object({
    id: z.string(),
    persona_id: z.string(),
    kind: z.enum(SOURCE_KINDS).openapi({ description: "page | feed (detected when fetched) | text (pasted)" }),
    url: z.string().nullable(),
    title: z.string().nullable(),
    status: z.enum(SOURCE_STATUSES).openapi({ description: "pending | ready | failed (see last_error)" }),
    items: z.number().openapi({ description: "feed entries (a page or a text is one item)" }),
    chunks: z.number().openapi({ description: "passages embedded for retrieval" }),
    dropped: z
      .number()
      .openapi({ description: "paragraphs the guardrails left out (prompt injection, personal data)" }),
    last_fetched_at: IsoTime.nullable(),
    last_error: z.string().nullable(),
    next_refresh_at: IsoTime.nullable(),
    created_at: IsoTime,
    updated_at: IsoTime,
  })
  .openapi("Source");

export const SourceItem = z
  .object({
    id: z.string().openapi({ description: "pass as source_item_id to POST /v1/tasks to repurpose it" }),
    url: z.string().nullable(),
    title: z.string().nullable(),
    published_at: IsoTime.nullable(),
    used_at: IsoTime.nullable().openapi({ description: "when a post was first written from it" }),
  })
  .openapi("SourceItem");

export const SourceDetail = Source.extend({ item_list: z.array(SourceItem) }).openapi("SourceDetail");

export const sourceJson = (s: SourceRow): z.infer<typeof Source> => ({
  id: s.id,
  persona_id: s.personaId,
  kind: s.kind,
  url: s.url,
  title: s.title,
  status: s.status,
  items: s.items,
  chunks: s.chunks,
  dropped: s.dropped,
  last_fetched_at: iso(s.lastFetchedAt),
  last_error: s.lastError,
  next_refresh_at: iso(s.nextRefreshAt),
  created_at: iso(s.createdAt) ?? "",
  updated_at: iso(s.updatedAt) ?? "",
});

export const itemJson = (i: SourceItemRow): z.infer<typeof SourceItem> => ({
  id: i.id,
  url: i.url,
  title: i.title,
  published_at: iso(i.publishedAt),
  used_at: iso(i.usedAt),
});
