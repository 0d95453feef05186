import type { SearchResult } from "../providers/search/types.ts";
import { isConnector, isStopWord, keywordSet, segments, stem, tokenize } from "./text.ts";

// Trends are phrases several independent results talk about, weighted towards recent ones:
// a phrase in five fresh articles beats one repeated ten times on a single old page.

export interface TrendSource {
  url: string;
  title: string;
}

export interface Trend {
  topic: string;
  score: number;
  /** Distinct results that mention the phrase (or a merged variant of it). */
  mentions: number;
  sources: TrendSource[];
  /** The sentence around the phrase in its most recent source: context for the writer. */
  excerpt?: string;
}

export interface ExtractTrendsOptions {
  /** The searched topic: its own words are down-weighted so trends are not the topic echoed back. */
  query?: string;
  now?: number;
  limit?: number;
  /** A result this old counts half as much as a fresh one. */
  halfLifeHours?: number;
  /** Minimum distinct results mentioning a phrase; defaults to 2 (1 when only one result). */
  minMentions?: number;
  maxSources?: number;
}

interface Doc {
  url: string;
  title: string;
  weight: number;
  publishedAt: number;
}

interface Candidate {
  stems: string[];
  /** Spellings seen ("remote work burnout", "burnout in remote work") with their counts. */
  surfaces: Map<string, number>;
  docs: Map<number, string>; // doc index → the segment it appeared in
}

const UNKNOWN_AGE_WEIGHT = 0.5;
// Longer phrases are more specific, so a 3-word phrase with the same support wins over its 2-word part.
const lengthBonus = (n: number): number => 1 + 0.1 * (n - 2);

function collect(texts: string[], minN: number, maxN: number): Map<string, Candidate> {
  const out = new Map<string, Candidate>();
  texts.forEach((text, d) => {
    for (const seg of segments(text)) {
      const tokens = tokenize(seg);
      for (let n = minN; n <= maxN; n++) {
        for (let i = 0; i + n <= tokens.length; i++) {
          const gram = tokens.slice(i, i + n);
          if (!acceptable(gram)) continue;
          // Order- and connector-insensitive key: "remote work burnout", "burnout in remote work"
          // and (after tokenizing) "remote-work burnout" are one trend.
          const stems = gram.filter((t) => !isConnector(t)).map(stem);
          const key = [...stems].sort().join(" ");
          let c = out.get(key);
          if (!c) out.set(key, (c = { stems, surfaces: new Map(), docs: new Map() }));
          const surface = gram.join(" ");
          c.surfaces.set(surface, (c.surfaces.get(surface) ?? 0) + 1);
          if (!c.docs.has(d)) c.docs.set(d, seg);
        }
      }
    }
  });
  return out;
}

function acceptable(gram: string[]): boolean {
  const first = gram[0] ?? "";
  const last = gram[gram.length - 1] ?? "";
  if (isStopWord(first) || isStopWord(last)) return false;
  // Inside a phrase only connectors are allowed, and only one: "x matters for y" is two ideas.
  const inner = gram.slice(1, -1).filter(isStopWord);
  if (inner.length > 1 || inner.some((t) => !isConnector(t))) return false;
  if (gram.some((t) => t.length < 2 && !/\d/.test(t))) return false;
  if (gram.every((t) => /^\d+$/.test(t))) return false;
  return gram.length > 1 || (first.length >= 3 && !/^\d+$/.test(first));
}

interface Group {
  members: Candidate[];
  stems: Set<string>;
  docs: Map<number, string>;
}

/** Most-used spelling; on a tie the shorter one (fewer connectors). */
const surfaceOf = (c: Candidate): string =>
  [...c.surfaces].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]))[0]?.[0] ??
  c.stems.join(" ");

/**
 * Folds a phrase into a longer one containing its words when most of its results also use the
 * longer one ("remote work" and "work burnout" into "remote work burnout").
 */
function mergeNested(cands: Candidate[]): Group[] {
  const sorted = [...cands].sort((a, b) => b.stems.length - a.stems.length || b.docs.size - a.docs.size);
  const groups: Group[] = [];
  for (const c of sorted) {
    let best: Group | null = null;
    let bestOverlap = 0;
    for (const g of groups) {
      if (!c.stems.every((s) => g.stems.has(s))) continue;
      let shared = 0;
      for (const d of c.docs.keys()) if (g.docs.has(d)) shared++;
      const overlap = shared / c.docs.size;
      if (overlap >= 0.6 && overlap > bestOverlap) [best, bestOverlap] = [g, overlap];
    }
    if (!best) {
      groups.push({ members: [c], stems: new Set(c.stems), docs: new Map(c.docs) });
      continue;
    }
    best.members.push(c);
    for (const [d, seg] of c.docs) if (!best.docs.has(d)) best.docs.set(d, seg);
  }
  return groups;
}

/**
 * The name of a merged trend: the longest member most of the group's results use, so
 * "remote work burnout" names its group but a rare "four day week trial" does not rename
 * "four day week".
 */
function displayOf(g: Group): Candidate {
  const byLength = [...g.members].sort((a, b) => b.stems.length - a.stems.length || b.docs.size - a.docs.size);
  const specific = byLength.find((m) => m.docs.size >= 0.7 * g.docs.size);
  return specific ?? byLength.reduce((a, b) => (b.docs.size > a.docs.size ? b : a));
}

export function extractTrends(results: SearchResult[], opts: ExtractTrendsOptions = {}): Trend[] {
  const now = opts.now ?? Date.now();
  const halfLifeMs = (opts.halfLifeHours ?? 72) * 3_600_000;
  const seen = new Set<string>();
  const docs: Doc[] = [];
  const texts: string[] = [];
  for (const r of results) {
    if (seen.has(r.url)) continue;
    seen.add(r.url);
    const at = r.publishedAt ?? null;
    const weight = at === null ? UNKNOWN_AGE_WEIGHT : 0.5 ** (Math.max(0, now - at) / halfLifeMs);
    docs.push({ url: r.url, title: r.title, weight, publishedAt: at ?? 0 });
    texts.push(`${r.title}\n${r.content}`);
  }
  const minMentions = opts.minMentions ?? (docs.length > 1 ? 2 : 1);
  const queryStems = keywordSet(opts.query ?? "");
  const supported = (c: Candidate) => c.docs.size >= minMentions && !c.stems.every((s) => queryStems.has(s));

  let groups = mergeNested([...collect(texts, 2, 4).values()].filter(supported));
  // Single words only when no phrase is shared by enough results.
  if (groups.length === 0) groups = mergeNested([...collect(texts, 1, 1).values()].filter(supported));

  const trends = groups.map((g) => toTrend(g, docs, queryStems, opts.maxSources ?? 5));
  trends.sort((a, b) => b.score - a.score || b.mentions - a.mentions || a.topic.localeCompare(b.topic));
  return trends.slice(0, opts.limit ?? 10);
}

function toTrend(g: Group, docs: Doc[], queryStems: Set<string>, maxSources: number): Trend {
  const display = displayOf(g);
  const stems = display.stems;
  const echo = stems.filter((s) => queryStems.has(s)).length / stems.length;
  let weight = 0;
  for (const d of g.docs.keys()) weight += docs[d]?.weight ?? 0;
  const score = weight * lengthBonus(stems.length) * (1 - 0.5 * echo);
  const byRecency = [...g.docs.keys()].sort(
    (a, b) => (docs[b]?.publishedAt ?? 0) - (docs[a]?.publishedAt ?? 0) || a - b,
  );
  const sources = byRecency.slice(0, maxSources).flatMap((d) => {
    const doc = docs[d];
    return doc ? [{ url: doc.url, title: doc.title }] : [];
  });
  const first = byRecency[0];
  const excerpt = first === undefined ? undefined : g.docs.get(first);
  return {
    topic: surfaceOf(display),
    score: Number(score.toFixed(3)),
    mentions: g.docs.size,
    sources,
    ...(excerpt ? { excerpt: excerpt.length > 240 ? `${excerpt.slice(0, 239)}…` : excerpt } : {}),
  };
}
