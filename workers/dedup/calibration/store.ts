import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { dedupCalibrations } from "../../db/schema/index.ts";
import type { Calibration, SplitFigures } from "./calibrate.ts";

// Calibrations in D1, one per (embedder stamp, pair set, target precision).

export interface CalibrationKey {
  embedderId: string;
  pairSet: string;
  targetPrecision: number;
}

export async function getCalibration(db: Db, key: CalibrationKey): Promise<Calibration | null> {
  const row = await db
    .select()
    .from(dedupCalibrations)
    .where(
      and(
        eq(dedupCalibrations.embedderId, key.embedderId),
        eq(dedupCalibrations.pairSet, key.pairSet),
        eq(dedupCalibrations.targetPrecision, key.targetPrecision),
      ),
    )
    .get();
  if (!row) return null;
  const f = JSON.parse(row.figures) as { calibration: SplitFigures; test: SplitFigures; tokens: number };
  return {
    embedder: row.embedderId,
    pairSet: row.pairSet,
    targetPrecision: row.targetPrecision,
    threshold: row.threshold,
    reached: row.reached,
    calibration: f.calibration,
    test: f.test,
    tokens: f.tokens,
    tookMs: row.tookMs,
    calibratedAt: row.calibratedAt,
  };
}

/** Stores a calibration, replacing the one with the same key (a re-calibration on demand). */
export async function saveCalibration(db: Db, c: Calibration): Promise<void> {
  const values = {
    threshold: c.threshold,
    reached: c.reached,
    figures: JSON.stringify({ calibration: c.calibration, test: c.test, tokens: c.tokens }),
    tookMs: c.tookMs,
    calibratedAt: c.calibratedAt,
  };
  await db
    .insert(dedupCalibrations)
    .values({ embedderId: c.embedder, pairSet: c.pairSet, targetPrecision: c.targetPrecision, ...values })
    .onConflictDoUpdate({
      target: [dedupCalibrations.embedderId, dedupCalibrations.pairSet, dedupCalibrations.targetPrecision],
      set: values,
    });
}
