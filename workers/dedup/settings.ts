import type { Db } from "../db/client.ts";
import type { Embedder } from "../providers/embeddings/types.ts";
import type { DedupSettings } from "../settings/index.ts";
import { calibrate, type Calibration } from "./calibration/calibrate.ts";
import CALIBRATION_SET from "./calibration/pairs.ts";
import { getCalibration, saveCalibration, type CalibrationKey } from "./calibration/store.ts";

// Similarity scales differ between embedders (bge scores even unrelated text fairly high,
// text-embedding-3 scores it low), so no one number serves all of them: each embedder's
// threshold is measured on the shipped labelled pairs for DEDUP_TARGET_PRECISION, on its first
// use and again on demand (POST /v1/dedup/calibrate, npm run dedup:calibrate), and kept in D1.

export const DAY_MS = 86_400_000;
/** Neighbours a dedup check looks at; the rewrite is told about every one over the threshold. */
export const DEDUP_TOP_K = 3;

export const calibrationKey = (dedup: DedupSettings, embedderId: string): CalibrationKey => ({
  embedderId,
  pairSet: CALIBRATION_SET.version,
  targetPrecision: dedup.targetPrecision,
});

// Tasks of several personas can meet an uncalibrated embedder at once: one calibration per isolate runs.
const running = new Map<string, Promise<Calibration>>();

/** Measures the embedder on the labelled pairs now and stores the result (first use, or on demand). */
export function recalibrate(db: Db, dedup: DedupSettings, embedder: Embedder): Promise<Calibration> {
  const key = JSON.stringify(calibrationKey(dedup, embedder.id));
  const inFlight = running.get(key);
  if (inFlight) return inFlight;
  const job = (async () => {
    const result = await calibrate(embedder, CALIBRATION_SET, dedup.targetPrecision);
    await saveCalibration(db, result);
    return result;
  })().finally(() => running.delete(key));
  running.set(key, job);
  return job;
}

/** The embedder's stored calibration, made now if it has none yet. */
export async function calibrationFor(db: Db, dedup: DedupSettings, embedder: Embedder): Promise<Calibration> {
  return (await getCalibration(db, calibrationKey(dedup, embedder.id))) ?? recalibrate(db, dedup, embedder);
}

/** A persona's own threshold, else DEDUP_THRESHOLD, else the embedder's calibrated one. */
export async function thresholdFor(
  db: Db,
  dedup: DedupSettings,
  embedder: Embedder,
  personaThreshold: number | null | undefined,
): Promise<number> {
  return personaThreshold ?? dedup.threshold ?? (await calibrationFor(db, dedup, embedder)).threshold;
}

/** Only posts created at or after this instant are compared (the look-back window). */
export const windowStart = (dedup: DedupSettings, now: number): number => now - dedup.windowDays * DAY_MS;
