// The plain baseline the offline embedder is compared with in the same run: word TF-IDF
// (lower-cased letter/digit runs, no stemming, no stop list, smoothed IDF fitted on the texts
// being scored) and cosine similarity.
import type { LabelledPair } from "../../workers/dedup/evaluate.ts";
import type { ScoredPair } from "../../workers/dedup/quality.ts";

const tokens = (text: string): string[] =>
  text
    .toLowerCase()
    .normalize("NFKC")
    .match(/[\p{L}\p{N}]+/gu) ?? [];

export function tfidfScores<P extends Pick<LabelledPair, "a" | "b" | "duplicate">>(
  pairs: readonly P[],
): (P & ScoredPair)[] {
  const docs = pairs.flatMap((p) => [tokens(p.a), tokens(p.b)]);
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log((1 + docs.length) / (1 + (df.get(t) ?? 0))) + 1;
  const vector = (d: string[]) => {
    const tf = new Map<string, number>();
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v = new Map([...tf].map(([t, n]) => [t, n * idf(t)]));
    const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0)) || 1;
    for (const [t, x] of v) v.set(t, x / norm);
    return v;
  };
  return pairs.map((p, i) => {
    const a = vector(docs[2 * i] as string[]);
    const b = vector(docs[2 * i + 1] as string[]);
    let dot = 0;
    for (const [t, x] of a) dot += x * (b.get(t) ?? 0);
    return { ...p, score: dot };
  });
}
