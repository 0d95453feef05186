import type { Embedder } from "../providers/embeddings/types.ts";
import { cosineSimilarity } from "../providers/vector-index/validate.ts";
import { bestThreshold, confusionAt, rocAuc } from "./quality.ts";
import type { Confusion, ScoredPair } from "./quality.ts";

// Scores an embedder on labelled post pairs (bench/dedup/pairs.json). Shared by the benchmark
// and the quality test so both report the same numbers.

export interface LabelledPair {
  id: string;
  kind: "paraphrase" | "reworded" | "same_topic" | "unrelated";
  duplicate: boolean;
  split: "dev" | "test";
  a: string;
  b: string;
}

export interface DedupQuality {
  embedder: string;
  pairs: number;
  auc: number;
  /** AUC on the held-out split only (pairs not looked at while tuning). */
  aucHeldOut: number;
  /** Duplicates against same-topic-different-point pairs only: the hard case. */
  aucVsSameTopic: number;
  aucVsUnrelated: number;
  threshold: number;
  atThreshold: Confusion;
  atThresholdHeldOut: Confusion;
  /** Thresholds that maximise F1 and F0.5 on the dev split (for calibration). */
  bestF1Dev: Confusion;
  bestF05Dev: Confusion;
  /**
   * Share of non-duplicate posts whose nearest neighbour among all other posts in the set
   * (a stand-in for a persona's history) reaches the threshold: how often dedup would block a
   * fresh post in practice.
   */
  historyFalseAlarmRate: number;
}

export async function scorePairs(embedder: Embedder, pairs: LabelledPair[]): Promise<(LabelledPair & ScoredPair)[]> {
  const { vectors } = await embedder.embed(pairs.flatMap((p) => [p.a, p.b]));
  return pairs.map((p, i) => ({
    ...p,
    score: cosineSimilarity(vectors[2 * i] as number[], vectors[2 * i + 1] as number[]),
  }));
}

export async function evaluateDedup(
  embedder: Embedder,
  pairs: LabelledPair[],
  threshold: number,
): Promise<DedupQuality> {
  const scored = await scorePairs(embedder, pairs);
  const heldOut = scored.filter((p) => p.split === "test");
  const dev = scored.filter((p) => p.split === "dev");
  const versus = (kind: string) => scored.filter((p) => p.duplicate || p.kind === kind);
  return {
    embedder: embedder.id,
    pairs: pairs.length,
    auc: rocAuc(scored),
    aucHeldOut: rocAuc(heldOut),
    aucVsSameTopic: rocAuc(versus("same_topic")),
    aucVsUnrelated: rocAuc(versus("unrelated")),
    threshold,
    atThreshold: confusionAt(scored, threshold),
    atThresholdHeldOut: confusionAt(heldOut, threshold),
    bestF1Dev: bestThreshold(dev, 1),
    bestF05Dev: bestThreshold(dev, 0.5),
    historyFalseAlarmRate: await historyFalseAlarms(embedder, pairs, threshold),
  };
}

async function historyFalseAlarms(embedder: Embedder, pairs: LabelledPair[], threshold: number): Promise<number> {
  const history = [...new Set(pairs.map((p) => p.a))];
  const fresh = pairs.filter((p) => !p.duplicate).map((p) => p.b);
  const { vectors: h } = await embedder.embed(history);
  const { vectors: f } = await embedder.embed(fresh);
  let alarms = 0;
  f.forEach((v, i) => {
    const own = fresh[i] as string;
    const best = Math.max(...h.map((u, j) => (history[j] === own ? -1 : cosineSimilarity(v, u))));
    if (best >= threshold) alarms++;
  });
  return fresh.length === 0 ? 0 : alarms / fresh.length;
}
