import { PHRASE_CONCEPTS, UNSPACED_CONCEPTS, WORD_CONCEPTS } from "./offline-concepts.ts";
import { idfWeight } from "./offline-idf-table.ts";
import { analyse } from "./offline-text.ts";
import type { Embedder, EmbeddingResult } from "./types.ts";

/*
 * Offline embedder ("offline-hash-v4"): a deterministic sparse-to-dense text embedding that runs
 * in the Worker with no model download and no network.
 *
 * Each text becomes a bag of weighted features, hashed into a fixed-size vector:
 *  1. Analysis: Unicode NFKC + lower-case; URLs and @mentions dropped; words are runs of letters
 *     and digits in any script; number words mapped to digits ("eight" = "8"); a light Porter-style stemmer folds
 *     inflections ("posting", "posts" -> "post"). Scripts without spaces (Chinese, Japanese,
 *     Thai...) are indexed as overlapping character bigrams, the standard trick for them.
 *  2. Word features, weighted by inverse document frequency over a public corpus (STS-B train+dev
 *     sentences, offline-idf-table.ts): rare words and names weigh most, function words next to
 *     nothing (listed stop words of other languages count as the commonest words), numbers
 *     fixed high; repeated words count sublinearly. v2 removed stop words and let word length
 *     stand in for rarity, which made it no better than word TF-IDF on news paraphrases.
 *  3. Concept features: a ~90-topic table of the things personas post about (sleep, money,
 *     audience, hiring, AI, ...). Every word in a group also fires the group's feature, so
 *     paraphrases that share few words ("inbox" / "messages", "salary" / "paycheck") still land
 *     close. Two-word phrases whose sense lives in function words ("time off", "speak up") are
 *     matched before stop-word removal; CJK terms by substring. The table is a hand-written
 *     prior, extended by looking at errors on the dev split of bench/dedup/pairs.json only, plus
 *     general synonym sets (begin/start, big/large, …); the held-out split and the MRPC test
 *     split (bench/dedup/mrpc/) show how much of that gain is real.
 *  4. Character 3-grams inside each word (with boundary marks), at low weight: they catch
 *     morphology the stemmer misses, typos, and compounds in languages like German.
 *  5. Signed feature hashing (FNV-1a; one hash bit picks the sign so collisions cancel in
 *     expectation rather than pile up) into DIMENSIONS buckets, then L2 normalisation, so the
 *     dot product of two embeddings is their cosine similarity.
 * Blank text gives the zero vector; text past 20,000 characters is ignored. Same input, same
 * vector, on every runtime, forever: the id carries a version and must change whenever the
 * features change, because stored vectors from another version are not comparable.
 * It is a lexical model with a topic prior, not a language model: it cannot see negation or
 * stance ("remote work helps" vs "remote work hurts" look alike), so same-topic posts with
 * other points score close to true paraphrases. Its threshold is calibrated like every embedder's
 * (workers/dedup/calibration/): it catches near-copies, close rewordings (the usual way an LLM
 * repeats itself) and part of the loose paraphrases; use a hosted embedder for the rest.
 */

export const OFFLINE_EMBEDDER_ID = "offline-hash-v4";
export const OFFLINE_DIMENSIONS = 512;
/** Longer inputs are cut: a post's meaning is in its opening, and cost stays bounded (~60 ms). */
export const OFFLINE_MAX_CHARS = 20_000;

export interface OfflineWeights {
  word: number;
  concept: number;
  charGram: number;
  unspacedBigram: number;
}

// v4: concepts weigh 3 (v3: 2, v2: 4), character 3-grams 0.6 (v3: 0.35). v3's cut of the concept
// weight is what lost it the persona paraphrases that share a topic but few words ("inbox" /
// "messages"): the labelled posts' ROC AUC fell 0.798 -> 0.778. Chosen on dev splits only (MRPC
// train, STS-B train+dev outside the calibration split, the dev split of bench/dedup/pairs.json).
const DEFAULT_WEIGHTS: OfflineWeights = { word: 1, concept: 3, charGram: 0.6, unspacedBigram: 1 };

export class OfflineEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly weights: OfflineWeights;

  constructor(opts: { dimensions?: number; weights?: Partial<OfflineWeights> } = {}) {
    this.dimensions = opts.dimensions ?? OFFLINE_DIMENSIONS;
    this.weights = { ...DEFAULT_WEIGHTS, ...opts.weights };
    this.id =
      this.dimensions === OFFLINE_DIMENSIONS ? OFFLINE_EMBEDDER_ID : `${OFFLINE_EMBEDDER_ID}@${this.dimensions}`;
  }

  async embed(texts: string[]): Promise<EmbeddingResult> {
    return { vectors: texts.map((t) => this.embedOne(t)), tokens: 0 };
  }

  embedOne(text: string): number[] {
    const features = extractFeatures(text.slice(0, OFFLINE_MAX_CHARS), this.weights);
    const vector = new Float64Array(this.dimensions);
    for (const [feature, raw] of features) {
      const h = fnv1a(feature);
      const weight = raw > 1 ? 1 + Math.log(raw) : raw; // sublinear term frequency
      vector[h % this.dimensions] = (vector[h % this.dimensions] ?? 0) + (h & 0x80000000 ? -weight : weight);
    }
    let norm = 0;
    for (const v of vector) norm += v * v;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    return Array.from(vector, (v) => v * inv);
  }
}

/** Feature name -> accumulated weight. Prefixes keep the feature families apart in hash space. */
export function extractFeatures(text: string, w: OfflineWeights): Map<string, number> {
  const out = new Map<string, number>();
  const add = (feature: string, weight: number) => out.set(feature, (out.get(feature) ?? 0) + weight);
  const { words, unspaced, raw } = analyse(text);

  words.forEach((word, i) => {
    const wordWeight = w.word * idfWeight(word);
    add(`w:${word}`, wordWeight);
    const concepts = [...(WORD_CONCEPTS.get(word) ?? [])];
    const next = words[i + 1];
    if (next !== undefined) concepts.push(...(WORD_CONCEPTS.get(`${word} ${next}`) ?? []));
    for (const c of concepts) add(`c:${c}`, (w.concept * idfWeight(word)) / Math.sqrt(concepts.length));
    const marked = `<${word}>`;
    const grams = marked.length - 2;
    for (let j = 0; j < grams; j++) add(`g:${marked.slice(j, j + 3)}`, (w.charGram * wordWeight) / Math.sqrt(grams));
  });

  // Phrases whose meaning lives in function words ("time off", "speak up") match before stop-word removal.
  for (let i = 0; i + 1 < raw.length; i++) {
    for (const phrase of [`${raw[i]}_${raw[i + 1]}`, `${raw[i]}_${raw[i + 1]}_${raw[i + 2] ?? ""}`]) {
      for (const c of PHRASE_CONCEPTS.get(phrase) ?? []) add(`c:${c}`, w.concept);
    }
  }

  for (const run of unspaced) {
    const chars = Array.from(run);
    if (chars.length === 1) add(`u:${run}`, w.unspacedBigram);
    for (let j = 0; j + 1 < chars.length; j++) add(`u:${chars[j]}${chars[j + 1]}`, w.unspacedBigram);
    for (const [term, concept] of UNSPACED_CONCEPTS) {
      if (run.includes(term)) add(`c:${concept}`, w.concept * 1.5);
    }
  }
  return out;
}

/** 32-bit FNV-1a over UTF-16 code units: tiny, fast, stable across runtimes. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
