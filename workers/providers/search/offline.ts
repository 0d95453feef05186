import { DOMAINS, genericPhrases } from "./offline-lexicon.ts";
import type { SearchProvider, SearchQuery, SearchResponse, SearchResult, TimeRange } from "./types.ts";

// A real search source for offline runs and tests, not a mock: the same query always yields the
// same topic-dependent results, dated relative to the supplied clock, with a few phrases repeated
// across results at different rates so trend extraction has something true to find.

export interface OfflineSearchOptions {
  now?: () => number;
  /** Results per query when the query sets no limit. */
  defaultCount?: number;
}

const RANGE_MS: Record<TimeRange, number> = {
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};
const SITES = [
  "news.offline.example",
  "blog.offline.example",
  "insights.offline.example",
  "weekly.offline.example",
  "forum.offline.example",
];
// How often the 1st, 2nd, … phrase is a result's main subject: a clear leader, then a tail.
const POPULARITY = [0.26, 0.2, 0.16, 0.12, 0.1, 0.08, 0.05, 0.03];

type Line = (p: string, t: string, n: number) => string;
const TITLES: Line[] = [
  (p) => `Is ${p} here to stay?`,
  (p, _t, n) => `${n} things to know about ${p}`,
  (p) => `How to get started with ${p}`,
  (p) => `Stop ignoring ${p}`,
  (p) => `${cap(p)} is overrated, here is why`,
  (p, _t, n) => `I tried ${p} for ${n * 4} days. Here is what happened`,
  (p, _t, n) => `${n * 9}% of us have tried ${p}`,
  (p) => `${cap(p)}, explained`,
  (p) => `Why everyone is talking about ${p}`,
];
const OPENERS: Line[] = [
  (p, t) => `Why ${p} matters for ${t} right now.`,
  (p, t) => `Here is what ${p} means for ${t}.`,
  (p) => `${cap(p)} is the thing everyone is talking about.`,
  (p) => `More and more of us are trying ${p}.`,
];
const SECONDS: Line[] = [
  (q) => `Not everyone is sold on ${q}, though.`,
  (q) => `${cap(q)} is on the rise too.`,
  (q) => `Some of us are also looking at ${q}.`,
];

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function choose<T>(items: readonly T[], r: number): T {
  const item = items[Math.floor(r * items.length)] ?? items[0];
  if (item === undefined) throw new Error("choose() from an empty list");
  return item;
}

/** FNV-1a: a stable seed from the query text. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32: small, fast, and identical on every runtime. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = (s: string): string[] => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

export function phrasesFor(query: string): string[] {
  const qs = new Set(words(query));
  let best: string[] | null = null;
  let bestHits = 0;
  for (const d of DOMAINS) {
    const hits = d.keywords.filter((k) => qs.has(k)).length;
    if (hits > bestHits) [best, bestHits] = [d.phrases, hits];
  }
  if (best) return best;
  const main = [...qs].sort((a, b) => b.length - a.length)[0] ?? "life";
  return genericPhrases(main);
}

export class OfflineSearchProvider implements SearchProvider {
  readonly name = "offline";
  private readonly now: () => number;
  private readonly defaultCount: number;

  constructor(opts: OfflineSearchOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.defaultCount = opts.defaultCount ?? 20;
  }

  async search(q: SearchQuery): Promise<SearchResponse> {
    const topic = q.query.trim().toLowerCase() || "life";
    const random = rng(hash(`${topic}|${q.timeRange ?? ""}`));
    // Shuffle once per query so different topics in one domain lead with different phrases.
    const phrases = phrasesFor(topic)
      .map((p) => ({ p, k: random() }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.p);
    const pick = (): string => {
      let r = random();
      for (let i = 0; i < phrases.length; i++) {
        r -= POPULARITY[i] ?? 0;
        if (r <= 0) return phrases[i] ?? topic;
      }
      return phrases[0] ?? topic;
    };
    const count = Math.min(Math.max(1, q.limit ?? this.defaultCount), 50);
    const range = RANGE_MS[q.timeRange ?? "week"];
    const now = this.now();
    const results: SearchResult[] = [];
    for (let i = 0; i < count; i++) {
      const main = pick();
      const other = pick();
      const n = 3 + Math.floor(random() * 6);
      const title = cap(choose(TITLES, random())(main, topic, n));
      const opener = choose(OPENERS, random())(main, topic, n);
      const second = other === main ? "" : ` ${choose(SECONDS, random())(other, topic, n)}`;
      // Skewed towards recent: most results are from the last part of the range, a few are old.
      const age = Math.floor(range * random() ** 2);
      const site = choose(SITES, (i % SITES.length) / SITES.length);
      results.push({
        url: `https://${site}/${slug(main)}-${hash(`${topic}|${i}`).toString(36)}`,
        title,
        content: `${opener}${second}`,
        engine: "offline",
        publishedAt: now - age,
        score: Number((1 - i / count).toFixed(3)),
      });
    }
    return { results, suggestions: phrases.slice(0, 3).map((p) => `${topic} ${p}`), unresponsiveEngines: [] };
  }
}

const slug = (s: string): string => s.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "");
