import type { Embedder } from "../../providers/embeddings/types.ts";
import { cosineSimilarity } from "../../providers/vector-index/validate.ts";
import { confusionAt, rocAuc } from "../quality.ts";
import type { ScoredPair } from "../quality.ts";
import type { CalibrationPair, CalibrationSet } from "./types.ts";

// Calibration: score the labelled pairs with an embedder (through its real adapter: the hosted
// ones are called, the offline one runs here), pick on the calibration split the threshold with
// the most recall whose precision reaches the target, and report precision and recall at that
// threshold on the held-out test split, which played no part in choosing it.

export interface SplitFigures {
  pairs: number;
  /** Share of the split's pairs that are duplicates: precision's floor for a detector that flags everything. */
  duplicateShare: number;
  auc: number;
  precision: number;
  recall: number;
}

export interface Calibration {
  embedder: string;
  pairSet: string;
  targetPrecision: number;
  threshold: number;
  /** False when no threshold reached the target on the calibration split. */
  reached: boolean;
  calibration: SplitFigures;
  test: SplitFigures;
  /** Embedding tokens the calibration was billed (0 offline). */
  tokens: number;
  tookMs: number;
  calibratedAt: number;
}

/**
 * The lowest threshold (so the most recall) at which the pairs scoring at or above it are at
 * least `target` duplicates. Candidates are the observed scores: flagging is `score >= threshold`.
 * When none qualifies, the threshold sits just above the highest-scoring non-duplicate.
 */
export function thresholdForPrecision(scored: ScoredPair[], target: number): { threshold: number; reached: boolean } {
  const sorted = [...scored].sort((a, b) => b.score - a.score);
  let tp = 0;
  let fp = 0;
  let best: number | null = null;
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i] as ScoredPair;
    if (p.duplicate) tp++;
    else fp++;
    const next = sorted[i + 1];
    if (next && next.score === p.score) continue; // tied scores are flagged together
    if (tp / (tp + fp) >= target && tp > 0) best = p.score;
  }
  if (best !== null) return { threshold: best, reached: true };
  const topNegative = sorted.find((p) => !p.duplicate)?.score ?? 1;
  return { threshold: Math.min(1, topNegative + 1e-6), reached: false };
}

function figures(scored: ScoredPair[], threshold: number): SplitFigures {
  const c = confusionAt(scored, threshold);
  return {
    pairs: scored.length,
    duplicateShare: round(scored.filter((p) => p.duplicate).length / Math.max(1, scored.length)),
    auc: round(rocAuc(scored)),
    precision: round(c.precision),
    recall: round(c.recall),
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export async function calibrate(
  embedder: Embedder,
  set: CalibrationSet,
  targetPrecision: number,
  now: () => number = Date.now,
): Promise<Calibration> {
  const started = now();
  const { vectors, tokens } = await embedder.embed(set.pairs.flatMap((p) => [p.a, p.b]));
  const scored = set.pairs.map((p, i) => ({
    ...p,
    score: cosineSimilarity(vectors[2 * i] ?? [], vectors[2 * i + 1] ?? []),
  }));
  const split = (name: CalibrationPair["split"]) => scored.filter((p) => p.split === name);
  const { threshold, reached } = thresholdForPrecision(split("calibration"), targetPrecision);
  return {
    embedder: embedder.id,
    pairSet: set.version,
    targetPrecision,
    threshold,
    reached,
    calibration: figures(split("calibration"), threshold),
    test: figures(split("test"), threshold),
    tokens,
    tookMs: now() - started,
    calibratedAt: now(),
  };
}
