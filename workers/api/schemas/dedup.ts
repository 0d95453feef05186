import { z } from "@hono/zod-openapi";
import { Slug, safeString } from "./common.ts";

// Embedders cut long inputs themselves (a post's meaning is in its opening); this cap only keeps
// both texts of a compare inside the 64 KB body limit.
const MAX_TEXT = 30_000;
const Text = safeString()
  .max(MAX_TEXT)
  .refine((s) => s.trim().length > 0, "must not be blank");

export const CompareRequest = z
  .object({
    a: Text.openapi({ example: "Stop checking email first thing in the morning." }),
    b: Text.openapi({ example: "Don't open your inbox right after you wake up." }),
    persona_id: Slug.optional().openapi({ description: "use this persona's dedup_threshold instead of the default" }),
  })
  .strict()
  .openapi("DedupCompareRequest", {
    example: {
      a: "Stop checking email first thing in the morning.",
      b: "Don't open your inbox right after you wake up.",
      persona_id: "calm-founder",
    },
  });

export const CompareResult = z
  .object({
    similarity: z.number().openapi({ description: "cosine similarity of the two embeddings, -1..1" }),
    threshold: z.number(),
    duplicate: z
      .boolean()
      .openapi({ description: "similarity >= threshold: the pipeline would treat b as a duplicate of a" }),
    embedder: z.string(),
  })
  .openapi("DedupCompareResult");

export const CheckRequest = z
  .object({
    text: Text,
    top_k: z.number().int().min(1).max(20).default(5),
  })
  .strict()
  .openapi("DedupCheckRequest", { example: { text: "Three pricing mistakes I made in year one.", top_k: 5 } });

export const CheckResult = z
  .object({
    embedder: z.string(),
    threshold: z.number(),
    window_days: z.number(),
    matches: z.array(
      z.object({
        post_id: z.string(),
        similarity: z.number(),
        duplicate: z.boolean(),
        created_at: z.string(),
        text: z.string(),
      }),
    ),
  })
  .openapi("DedupCheckResult");

export const ReindexResult = z
  .object({
    persona_id: z.string(),
    embedder: z.string(),
    dimensions: z.number(),
    posts: z.number(),
    indexed: z.number(),
    skipped: z.number().openapi({ description: "posts whose text embeds to nothing (blank or only symbols)" }),
    tokens: z.number(),
    took_ms: z.number(),
  })
  .openapi("DedupReindexResult");

const SplitFigures = z.object({
  pairs: z.number(),
  duplicate_share: z.number().openapi({ description: "share of the split's pairs labelled duplicate" }),
  auc: z.number().openapi({ description: "ROC AUC of the embedder's similarities on the split" }),
  precision: z.number().openapi({ description: "at the threshold" }),
  recall: z.number().openapi({ description: "at the threshold" }),
});

export const CalibrationResult = z
  .object({
    embedder: z.string(),
    pair_set: z.string(),
    target_precision: z.number(),
    threshold: z.number(),
    reached: z.boolean().openapi({ description: "false: no threshold reached the target on the calibration split" }),
    calibration: SplitFigures.openapi({ description: "the split the threshold was chosen on" }),
    test: SplitFigures.openapi({ description: "the held-out split, not used to choose it" }),
    tokens: z.number().openapi({ description: "embedding tokens billed (0 offline)" }),
    took_ms: z.number(),
    calibrated_at: z.string(),
  })
  .openapi("DedupCalibration");
