import type { Calibration, SplitFigures } from "../dedup/calibration/calibrate.ts";
import { iso } from "./schemas/common.ts";

// A calibration as the API shows it (POST /v1/dedup/calibrate, /health/ready).

const split = (f: SplitFigures) => ({
  pairs: f.pairs,
  duplicate_share: f.duplicateShare,
  auc: f.auc,
  precision: f.precision,
  recall: f.recall,
});

export const calibrationBody = (c: Calibration) => ({
  embedder: c.embedder,
  pair_set: c.pairSet,
  target_precision: c.targetPrecision,
  threshold: c.threshold,
  reached: c.reached,
  calibration: split(c.calibration),
  test: split(c.test),
  tokens: c.tokens,
  took_ms: c.tookMs,
  calibrated_at: iso(c.calibratedAt) ?? "",
});
