// Dedup benchmark: local vector index latency and memory, plus offline-embedder quality.
//   node bench/dedup/run.ts [--quick] [--json]
// What is measured, honestly:
// - Query latency and memory measure VectorMatrix, the in-memory search core that
//   LocalSqliteVectorIndex (the PersonaAgent's index) answers every query from, in Node's V8.
//   workerd runs the same V8, but freezes its clocks during synchronous work, so the search
//   cannot be timed from inside a Worker. Not included: loading the matrix from SQLite, which
//   happens once per namespace per Durable Object lifetime (and after a foreign write).
// - Vectors are random unit vectors: exact search cost does not depend on their content.
// - Quality runs the real OfflineEmbedder: its calibration on the shipped STS-B pairs
//   (workers/dedup/calibration/, threshold chosen on the calibration split for the default target
//   precision, figures from the held-out test split), the project's labelled post pairs
//   (bench/dedup/pairs.json) and the whole MRPC test split (never tuned on), each against word TF-IDF.
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { evaluateDedup, scorePairs } from "../../workers/dedup/evaluate.ts";
import type { DedupQuality, LabelledPair } from "../../workers/dedup/evaluate.ts";
import { confusionAt, rocAuc } from "../../workers/dedup/quality.ts";
import type { Confusion, ScoredPair } from "../../workers/dedup/quality.ts";
import { calibrate, thresholdForPrecision, type Calibration } from "../../workers/dedup/calibration/calibrate.ts";
import CALIBRATION_SET from "../../workers/dedup/calibration/pairs.ts";
import { REGISTRY } from "../../workers/settings/registry.ts";
import { tfidfScores } from "./tfidf.ts";
import { OfflineEmbedder } from "../../workers/providers/embeddings/offline.ts";
import { VectorMatrix } from "../../workers/providers/vector-index/matrix.ts";

const here = dirname(fileURLToPath(import.meta.url));

export interface LatencyResult {
  vectors: number;
  dimensions: number;
  queries: number;
  topK: number;
  p50Ms: number;
  p95Ms: number;
  p95WithTimeFilterMs: number;
  /** Typed-array bytes per vector (the Float32 row plus its timestamp). */
  bytesPerVector: number;
  /** Whole-heap growth per vector, including id strings and the id -> row Map. */
  heapBytesPerVector: number;
  heapDeltaMb: number;
}

export interface DedupBenchResult {
  measured: string;
  node: string;
  /** 1-minute load average and cores when measured: latency on a busy machine is inflated. */
  machine: { cores: number; loadAverage: number };
  latency: LatencyResult[];
  embedMsPerPost: number;
  /** The offline embedder's calibration at the default DEDUP_TARGET_PRECISION, as the Worker makes it. */
  calibration: Calibration;
  quality: DedupQuality;
  /** Ours vs a word TF-IDF cosine baseline on the STS-B test split, the labelled posts and MRPC test (never tuned on). */
  comparison: CorpusComparison[];
}

export interface CorpusComparison {
  corpus: string;
  pairs: number;
  ours: { auc: number; atDefault: Confusion };
  /** TF-IDF at its own threshold chosen like ours (most recall at the target precision on the calibration split). */
  tfidf: { auc: number; threshold: number; atThreshold: Confusion };
  /** Ours minus TF-IDF ROC AUC, with a 95% paired-bootstrap interval (pairs resampled, both scored on the same draw). */
  aucDifference: { estimate: number; low: number; high: number };
}

interface SimplePair {
  a: string;
  b: string;
  duplicate: boolean;
  split?: string;
}

async function compare(
  corpus: string,
  pairs: SimplePair[],
  embedder: OfflineEmbedder,
  thresholds: { ours: number; tfidf: number },
): Promise<CorpusComparison> {
  const ours = await scorePairs(embedder, pairs as LabelledPair[]);
  const base = tfidfScores(pairs);
  return {
    corpus,
    pairs: pairs.length,
    ours: { auc: rocAuc(ours), atDefault: confusionAt(ours, thresholds.ours) },
    tfidf: { auc: rocAuc(base), threshold: thresholds.tfidf, atThreshold: confusionAt(base, thresholds.tfidf) },
    aucDifference: pairedBootstrap(ours, base),
  };
}

function pairedBootstrap(ours: ScoredPair[], base: ScoredPair[], draws = 1000): CorpusComparison["aucDifference"] {
  const next = rng(20_261_207);
  const diffs: number[] = [];
  for (let d = 0; d < draws; d++) {
    const idx = Array.from({ length: ours.length }, () => Math.floor(next() * ours.length));
    diffs.push(rocAuc(idx.map((i) => ours[i] as ScoredPair)) - rocAuc(idx.map((i) => base[i] as ScoredPair)));
  }
  diffs.sort((a, b) => a - b);
  return {
    estimate: round3(rocAuc(ours) - rocAuc(base)),
    low: round3(percentile(diffs, 0.025)),
    high: round3(percentile(diffs, 0.975)),
  };
}
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export interface DedupBenchOptions {
  quick?: boolean;
  sizes?: number[];
  dimensions?: number;
  log?: (line: string) => void;
}

// --expose-gc cannot be passed through `node bench/...`, so switch it on at runtime.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

function randomVector(d: number, next: () => number): Float32Array {
  const v = new Float32Array(d);
  for (let i = 0; i < d; i++) v[i] = next() * 2 - 1;
  return v;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;

function measureIndex(n: number, d: number, queries: number): LatencyResult {
  const next = rng(n * 7919 + d);
  gc();
  const before = process.memoryUsage();
  const matrix = new VectorMatrix(d, n); // sized exactly, as LocalSqliteVectorIndex does on load
  const day = 86_400_000;
  for (let i = 0; i < n; i++) {
    matrix.set(`post-${i}:v1`, randomVector(d, next), { post_id: `post-${i}`, created_at: i * (day / 10) });
  }
  gc();
  const after = process.memoryUsage();
  const heapDelta = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  const run = (createdAfter?: number) => {
    const times: number[] = [];
    for (let q = 0; q < queries + 5; q++) {
      const vector = Array.from(randomVector(d, next));
      const t0 = performance.now();
      matrix.search(vector, 5, createdAfter);
      if (q >= 5) times.push(performance.now() - t0); // first few warm the JIT
    }
    return times.sort((a, b) => a - b);
  };
  const plain = run();
  const windowed = run((n * day) / 20); // a window holding the newest half
  return {
    vectors: n,
    dimensions: d,
    queries,
    topK: 5,
    p50Ms: round(percentile(plain, 0.5)),
    p95Ms: round(percentile(plain, 0.95)),
    p95WithTimeFilterMs: round(percentile(windowed, 0.95)),
    bytesPerVector: Math.round(matrix.byteLength / n),
    heapBytesPerVector: Math.round(heapDelta / n),
    heapDeltaMb: round(heapDelta / 2 ** 20),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

export async function runDedupBench(opts: DedupBenchOptions = {}): Promise<DedupBenchResult> {
  const log = opts.log ?? (() => {});
  const d = opts.dimensions ?? 512;
  const sizes = opts.sizes ?? (opts.quick ? [1_000, 10_000] : [1_000, 10_000, 50_000]);
  const queries = opts.quick ? 60 : 300;
  const latency: LatencyResult[] = [];
  log(
    `machine: ${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)} (latency is inflated on a busy machine)`,
  );
  for (const n of sizes) {
    const r = measureIndex(n, d, queries);
    latency.push(r);
    log(
      `index ${String(n).padStart(6)} x ${d}d: p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms (p95 with createdAfter ${r.p95WithTimeFilterMs} ms), ${r.bytesPerVector} B/vector in arrays, ${r.heapBytesPerVector} B/vector heap (+${r.heapDeltaMb} MB)`,
    );
  }
  if (!opts.quick) {
    const r = measureIndex(10_000, 1536, queries);
    latency.push(r);
    log(`index  10000 x 1536d (OpenAI-sized): p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms, ${r.bytesPerVector} B/vector`);
  }

  const { pairs } = JSON.parse(readFileSync(join(here, "pairs.json"), "utf8")) as { pairs: LabelledPair[] };
  const embedder = new OfflineEmbedder();
  const texts = pairs.flatMap((p) => [p.a, p.b]);
  const t0 = performance.now();
  await embedder.embed(texts);
  const embedMsPerPost = round((performance.now() - t0) / texts.length);
  log(`offline embedder: ${embedMsPerPost} ms per post`);

  const target = REGISTRY.DEDUP_TARGET_PRECISION.default as number;
  const calibration = await calibrate(embedder, CALIBRATION_SET, target);
  const threshold = calibration.threshold;
  const split = (f: Calibration["test"]) =>
    `P ${f.precision.toFixed(2)} R ${f.recall.toFixed(2)}, ROC AUC ${f.auc.toFixed(3)} (${f.pairs} pairs, ${(f.duplicateShare * 100).toFixed(0)}% duplicates)`;
  log(
    `calibration (${calibration.embedder}, ${calibration.pairSet}, target precision ${target}): threshold ${threshold.toFixed(4)}${calibration.reached ? "" : " (target NOT reached)"} in ${calibration.tookMs} ms; calibration split ${split(calibration.calibration)}`,
  );
  log(`dedup held-out (STS-B test split, not used to choose the threshold): ${split(calibration.test)}`);

  const quality = await evaluateDedup(embedder, pairs, threshold);
  const c = quality.atThreshold;
  log(
    `quality on ${quality.pairs} labelled pairs (${quality.embedder}): ROC AUC ${quality.auc.toFixed(3)} (held-out ${quality.aucHeldOut.toFixed(3)}; duplicates vs same-topic ${quality.aucVsSameTopic.toFixed(3)}, vs unrelated ${quality.aucVsUnrelated.toFixed(3)})`,
  );
  log(
    `at threshold ${quality.threshold}: precision ${c.precision.toFixed(2)}, recall ${c.recall.toFixed(2)}, F1 ${c.f1.toFixed(2)} (held-out P ${quality.atThresholdHeldOut.precision.toFixed(2)} R ${quality.atThresholdHeldOut.recall.toFixed(2)}); fresh posts flagged against a same-niche history: ${(quality.historyFalseAlarmRate * 100).toFixed(0)}%`,
  );
  log(
    `best F1 on dev at ${quality.bestF1Dev.threshold} (P ${quality.bestF1Dev.precision.toFixed(2)}, R ${quality.bestF1Dev.recall.toFixed(2)}); best F0.5 at ${quality.bestF05Dev.threshold}`,
  );

  const mrpc = JSON.parse(readFileSync(join(here, "mrpc", "test.json"), "utf8")) as { pairs: SimplePair[] };
  // The baseline gets the rule ours gets: the most recall at the target precision on the calibration split.
  const tfidf = thresholdForPrecision(
    tfidfScores(CALIBRATION_SET.pairs.filter((p) => p.split === "calibration")),
    target,
  ).threshold;
  const thresholds = { ours: threshold, tfidf };
  const stsTest = CALIBRATION_SET.pairs.filter((p) => p.split === "test");
  const comparison = [
    await compare("STS-B test split (held out)", stsTest, embedder, thresholds),
    await compare("labelled posts (bench/dedup/pairs.json)", pairs, embedder, thresholds),
    await compare("MRPC test split (bench/dedup/mrpc, never tuned on)", mrpc.pairs, embedder, thresholds),
  ];
  const pr = (c: Confusion) => `P ${c.precision.toFixed(2)} R ${c.recall.toFixed(2)}`;
  for (const c of comparison) {
    const d = c.aucDifference;
    log(
      `${c.corpus}, ${c.pairs} pairs: offline ROC AUC ${c.ours.auc.toFixed(3)} vs word TF-IDF ${c.tfidf.auc.toFixed(3)} (difference ${d.estimate >= 0 ? "+" : ""}${d.estimate.toFixed(3)}, 95% CI ${d.low.toFixed(3)}..${d.high.toFixed(3)}); at their thresholds offline ${pr(c.ours.atDefault)}, TF-IDF ${pr(c.tfidf.atThreshold)}`,
    );
  }

  return {
    measured:
      "query latency/memory: VectorMatrix (the LocalSqliteVectorIndex search core) in Node V8, random unit vectors, topK 5, excluding the one-off SQLite load; quality: OfflineEmbedder calibrated on the STS-B calibration split, scored on the STS-B test split, bench/dedup/pairs.json and the MRPC test split, against word TF-IDF cosine",
    node: process.version,
    machine: { cores: availableParallelism(), loadAverage: round(loadavg()[0] ?? 0) },
    latency,
    embedMsPerPost,
    calibration,
    quality,
    comparison,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = new Set(process.argv.slice(2));
  console.log(
    "dedup bench — query latency and memory of the local index search core (Node V8, excludes the one-off SQLite load), then offline-embedder quality",
  );
  const result = await runDedupBench({ quick: args.has("--quick"), log: (line) => console.log(`  ${line}`) });
  if (args.has("--json")) {
    const out = join(here, "..", "results", "dedup.json");
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`  wrote ${out}`);
  }
}
