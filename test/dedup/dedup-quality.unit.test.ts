import { describe, expect, it } from "vitest";
import pairsFile from "../../bench/dedup/pairs.json";
import mrpcFile from "../../bench/dedup/mrpc/test.json";
import { tfidfScores } from "../../bench/dedup/tfidf.ts";
import { calibrate } from "../../workers/dedup/calibration/calibrate.ts";
import CALIBRATION_SET from "../../workers/dedup/calibration/pairs.ts";
import { evaluateDedup, scorePairs } from "../../workers/dedup/evaluate.ts";
import type { LabelledPair } from "../../workers/dedup/evaluate.ts";
import { bestThreshold, confusionAt, rocAuc } from "../../workers/dedup/quality.ts";
import { OfflineEmbedder } from "../../workers/providers/embeddings/offline.ts";

const pairs = pairsFile.pairs as LabelledPair[];
const TARGET = 0.9; // DEDUP_TARGET_PRECISION's default

describe("quality metrics", () => {
  it("computes ROC AUC with ties counted as half", () => {
    expect(
      rocAuc([
        { score: 0.9, duplicate: true },
        { score: 0.1, duplicate: false },
      ]),
    ).toBe(1);
    expect(
      rocAuc([
        { score: 0.1, duplicate: true },
        { score: 0.9, duplicate: false },
      ]),
    ).toBe(0);
    expect(
      rocAuc([
        { score: 0.5, duplicate: true },
        { score: 0.5, duplicate: false },
      ]),
    ).toBe(0.5);
    const mixed = [0.8, 0.6, 0.4]
      .map((score) => ({ score, duplicate: true }))
      .concat([0.7, 0.2].map((score) => ({ score, duplicate: false })));
    expect(rocAuc(mixed)).toBeCloseTo(4 / 6, 10);
    expect(rocAuc([{ score: 1, duplicate: true }])).toBeNaN();
  });

  it("computes precision and recall at a threshold (score >= threshold is a duplicate)", () => {
    const scored = [
      { score: 0.9, duplicate: true },
      { score: 0.7, duplicate: false },
      { score: 0.7, duplicate: true },
      { score: 0.2, duplicate: true },
      { score: 0.1, duplicate: false },
    ];
    expect(confusionAt(scored, 0.7)).toMatchObject({ tp: 2, fp: 1, fn: 1, tn: 1, precision: 2 / 3, recall: 2 / 3 });
    expect(bestThreshold(scored).threshold).toBe(0.15);
  });
});

describe("offline embedder on the labelled pairs", () => {
  it("has a balanced set of at least 200 labelled pairs of every kind", () => {
    expect(pairs.length).toBeGreaterThanOrEqual(200);
    const duplicates = pairs.filter((p) => p.duplicate).length;
    expect(Math.abs(duplicates / pairs.length - 0.5)).toBeLessThan(0.1);
    expect(new Set(pairs.map((p) => p.kind))).toEqual(new Set(["paraphrase", "reworded", "same_topic", "unrelated"]));
  });

  // Floors are the measured figures rounded down (see bench/dedup/run.ts); a change that
  // drops below them has made the embedder worse. v4 scores 0.790 here (v3: 0.778, v2: 0.798).
  it("separates duplicates from non-duplicates at least as well as measured", async () => {
    const { threshold } = await calibrate(new OfflineEmbedder(), CALIBRATION_SET, TARGET);
    const q = await evaluateDedup(new OfflineEmbedder(), pairs, threshold);
    expect(q.auc).toBeGreaterThanOrEqual(0.78);
    expect(q.aucHeldOut).toBeGreaterThanOrEqual(0.73);
    expect(q.aucVsUnrelated).toBeGreaterThanOrEqual(0.95);
    // At the calibrated threshold it blocks only near-copies: no fresh same-niche post is flagged.
    expect(q.atThreshold.precision).toBeGreaterThanOrEqual(TARGET);
    expect(q.historyFalseAlarmRate).toBe(0);
  });
});

describe("offline embedder on public pairs", () => {
  it("calibrates to a threshold whose precision holds on the held-out STS-B split", async () => {
    const c = await calibrate(new OfflineEmbedder(), CALIBRATION_SET, TARGET);
    expect(c).toMatchObject({ embedder: "offline-hash-v4", pairSet: "stsb-en-1", reached: true });
    expect(c.calibration.precision).toBeGreaterThanOrEqual(TARGET);
    // Measured: P 0.96, R 0.076, ROC AUC 0.833 on 1,129 held-out pairs (bench/dedup/run.ts; v3's
    // 0.840 was traded for the labelled posts' 0.778 -> 0.790, chosen on dev splits: docs/dedup.md).
    expect(c.test.precision).toBeGreaterThanOrEqual(TARGET);
    expect(c.test.recall).toBeGreaterThanOrEqual(0.07);
    expect(c.test.auc).toBeGreaterThanOrEqual(0.83);
  });

  it("ranks MRPC's test split (never tuned on) better than word TF-IDF", async () => {
    const mrpc = mrpcFile.pairs as LabelledPair[];
    expect(mrpc).toHaveLength(1725);
    const ours = rocAuc(await scorePairs(new OfflineEmbedder(), mrpc));
    const tfidf = rocAuc(tfidfScores(mrpc));
    // Measured 0.764 vs 0.752 (v2: 0.723, below TF-IDF); the 95% bootstrap interval of the
    // difference, −0.003..0.026, still includes 0 (bench/dedup/run.ts, docs/dedup.md).
    expect(ours).toBeGreaterThan(tfidf);
    expect(ours).toBeGreaterThanOrEqual(0.76);
  });
});
