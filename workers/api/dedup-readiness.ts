import { z } from "@hono/zod-openapi";
import type { Db } from "../db/client.ts";
import { getCalibration } from "../dedup/calibration/store.ts";
import { calibrationKey } from "../dedup/settings.ts";
import type { Services } from "../services.ts";
import type { DedupSettings } from "../settings/index.ts";
import { calibrationBody } from "./calibration-body.ts";
import { CalibrationResult } from "./schemas/dedup.ts";

// The dedup threshold /health/ready reports: where it comes from and, when calibrated, how it was
// measured. Reading it never calibrates (a readiness probe must stay cheap): an embedder without a
// calibration yet shows `uncalibrated` and is calibrated by its first dedup check.

export const DedupReadiness = z
  .object({
    embedder: z.string(),
    threshold: z.number().nullable().openapi({ description: "null until the embedder is calibrated" }),
    source: z.enum(["DEDUP_THRESHOLD", "calibrated", "uncalibrated"]),
    calibration: CalibrationResult.nullable(),
  })
  .openapi("DedupReadiness", {
    description: "the threshold dedup uses (a persona's dedup_threshold still overrides it)",
  });

export async function dedupReadiness(db: Db, dedup: DedupSettings, services: Services) {
  const embedder = services.providers.embedder;
  const stored = await getCalibration(db, calibrationKey(dedup, embedder.id));
  const calibration = stored ? calibrationBody(stored) : null;
  if (dedup.threshold !== null)
    return { embedder: embedder.id, threshold: dedup.threshold, source: "DEDUP_THRESHOLD" as const, calibration };
  return stored
    ? { embedder: embedder.id, threshold: stored.threshold, source: "calibrated" as const, calibration }
    : { embedder: embedder.id, threshold: null, source: "uncalibrated" as const, calibration };
}
