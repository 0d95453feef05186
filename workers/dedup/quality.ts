// Pure quality metrics for a duplicate detector that outputs a similarity score per pair.
// Used by the dedup benchmark, the quality test, and to pick the default threshold.

export interface ScoredPair {
  score: number;
  duplicate: boolean;
}

export interface Confusion {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

/**
 * ROC AUC = probability that a random duplicate scores above a random non-duplicate
 * (Mann-Whitney U with ties counted as half). 0.5 is chance, 1 is perfect separation.
 */
export function rocAuc(pairs: ScoredPair[]): number {
  const sorted = [...pairs].sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j < sorted.length && (sorted[j] as ScoredPair).score === (sorted[i] as ScoredPair).score) j++;
    const averageRank = (i + 1 + j) / 2; // ranks are 1-based; tied scores share the mean rank
    for (let k = i; k < j; k++) {
      if ((sorted[k] as ScoredPair).duplicate) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** A pair is flagged as duplicate when score >= threshold (the rule the pipeline uses). */
export function confusionAt(pairs: ScoredPair[], threshold: number): Confusion {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (const p of pairs) {
    const flagged = p.score >= threshold;
    if (flagged && p.duplicate) tp++;
    else if (flagged) fp++;
    else if (p.duplicate) fn++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { threshold, tp, fp, tn, fn, precision, recall, f1, accuracy: (tp + tn) / Math.max(1, pairs.length) };
}

/**
 * The threshold with the best F-beta (beta < 1 favours precision: wrongly blocking a fresh post
 * costs a regeneration, but beta = 1 is the neutral default). Candidates are midpoints between
 * adjacent distinct scores, rounded to 2 decimals so the number is a sensible config value.
 */
export function bestThreshold(pairs: ScoredPair[], beta = 1): Confusion {
  const scores = [...new Set(pairs.map((p) => p.score))].sort((a, b) => a - b);
  const candidates = new Set<number>();
  for (let i = 1; i < scores.length; i++) {
    candidates.add(Math.round((((scores[i - 1] as number) + (scores[i] as number)) / 2) * 100) / 100);
  }
  let best: Confusion | undefined;
  let bestScore = -1;
  const b2 = beta * beta;
  for (const t of [...candidates].sort((a, b) => a - b)) {
    const c = confusionAt(pairs, t);
    const fBeta =
      c.precision + c.recall === 0 ? 0 : ((1 + b2) * c.precision * c.recall) / (b2 * c.precision + c.recall);
    if (fBeta > bestScore) {
      bestScore = fBeta;
      best = c;
    }
  }
  return best ?? confusionAt(pairs, 0.5);
}
