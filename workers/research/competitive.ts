import type { SearchResult } from "../providers/search/types.ts";
import { isStopWord, keywordSet, segments, stem, tokenize } from "./text.ts";

// What already works for a topic: the most viral examples, which hook shapes they use, and the
// words they share. Input is search results or Threads posts mapped to SearchResult.

export const HOOK_PATTERNS = [
  "question",
  "number_or_list",
  "contrarian",
  "how_to",
  "story",
  "warning",
  "statistic",
  "other",
] as const;
export type HookPattern = (typeof HOOK_PATTERNS)[number];

// Checked in this order: the first match wins, so a more telling shape beats a generic one
// ("Stop making these 5 mistakes?" is a warning before it is a list or a question).
const RULES: [HookPattern, RegExp][] = [
  [
    "statistic",
    /\d+(\.\d+)?\s?%|\b\d+(\.\d+)?\s?(x|times)\b|[$€£]\s?\d|\b\d+(\.\d+)?\s?(percent|million|billion|k)\b|\b(study|survey|data|report|research)\s+(shows?|finds?|found|says?)\b|\b(in|out of)\s+\d+\b.*\b(people|workers|users|adults)\b/i,
  ],
  [
    "warning",
    /^(stop|don'?t|do not|never|avoid|quit|beware|warning|careful|please stop)\b|\b(mistakes?|red flags?|before you|is killing|are killing|ruining|costing you|the danger)\b/i,
  ],
  [
    "contrarian",
    /\b(unpopular opinion|hot take|controversial|overrated|underrated|is dead|are dead|myth|lie|nobody (tells|talks)|no one (tells|talks)|the truth about|actually wrong|everyone is wrong|stop believing|isn'?t what|doesn'?t work)\b/i,
  ],
  [
    "how_to",
    /^(how to|how i|how we|here'?s how|step[- ]by[- ]step|a guide|the guide|guide to)\b|\b(how to|step[- ]by[- ]step|a beginner'?s guide|in \d+ steps)\b/i,
  ],
  [
    "number_or_list",
    /^(top\s+)?\d+\s+\w+|\b(top|these)\s+\d+\b|\b\d+\s+(ways|things|tips|tools|lessons|reasons|mistakes|habits|steps|ideas|rules|signs|books|apps)\b|^(here are|here'?s a list)/i,
  ],
  [
    "question",
    /\?\s*$|^(why|what|how|who|when|where|which|is|are|do|does|did|can|could|should|would|will|have|has)\b[^.!]*\?/i,
  ],
  [
    "story",
    /^(i|my|we|when i|last (year|month|week)|yesterday|today i|\d+ (years|months) ago|years ago|after \d+)\b|\b(i (quit|tried|learned|spent|lost|made|built|started|was)|my (first|biggest|story))\b/i,
  ],
];

/** The hook: the first line or sentence, where the reader decides to keep reading. */
export function hookOf(text: string): string {
  const line = text.trim().split(/\n/)[0] ?? "";
  const sentence = line.match(/^.*?[.!?](\s|$)/)?.[0] ?? line;
  return sentence.trim().slice(0, 200);
}

export function classifyHook(text: string): HookPattern {
  const hook = hookOf(text);
  for (const [pattern, re] of RULES) if (re.test(hook)) return pattern;
  return "other";
}

export interface ViralExample {
  url: string;
  title: string;
  hook: string;
  pattern: HookPattern;
  engagement: number | null;
  score: number | null;
  publishedAt: number | null;
}

export interface HookPatternStat {
  pattern: HookPattern;
  count: number;
  share: number;
  example: { text: string; url: string } | null;
}

export interface CompetitiveAnalysis {
  topic: string;
  sampleSize: number;
  viralExamples: ViralExample[];
  hookPatterns: HookPatternStat[];
  commonKeywords: { keyword: string; count: number }[];
}

export interface AnalyzeOptions {
  topic: string;
  examples?: number;
  keywords?: number;
}

/** Engagement first (real reactions), then upstream score, then recency: the best signal available. */
function byVirality(a: SearchResult, b: SearchResult): number {
  return (
    (b.engagement ?? -1) - (a.engagement ?? -1) ||
    (b.score ?? -1) - (a.score ?? -1) ||
    (b.publishedAt ?? 0) - (a.publishedAt ?? 0)
  );
}

// Threads posts are their own hook; for web pages the headline plays that role.
const hookSource = (r: SearchResult): string => (r.engine === "threads" ? r.content : r.title || r.content);

export function analyzeCompetition(results: SearchResult[], opts: AnalyzeOptions): CompetitiveAnalysis {
  // First occurrence wins: upstreams list their best copy of a page first.
  const firstByUrl = new Map<string, SearchResult>();
  for (const r of results) if (!firstByUrl.has(r.url)) firstByUrl.set(r.url, r);
  const unique = [...firstByUrl.values()].sort(byVirality);
  const classified = unique.map((r) => ({ r, hook: hookOf(hookSource(r)), pattern: classifyHook(hookSource(r)) }));

  const stats = new Map<HookPattern, HookPatternStat>(
    HOOK_PATTERNS.map((p) => [p, { pattern: p, count: 0, share: 0, example: null }]),
  );
  for (const { r, hook, pattern } of classified) {
    const s = stats.get(pattern);
    if (!s) continue;
    s.count++;
    // Results are in virality order, so the first one seen is the strongest example.
    s.example ??= { text: hook, url: r.url };
  }
  const hookPatterns = [...stats.values()]
    .map((s) => ({ ...s, share: unique.length ? Number((s.count / unique.length).toFixed(3)) : 0 }))
    .sort((a, b) => b.count - a.count || HOOK_PATTERNS.indexOf(a.pattern) - HOOK_PATTERNS.indexOf(b.pattern));

  return {
    topic: opts.topic,
    sampleSize: unique.length,
    viralExamples: classified.slice(0, opts.examples ?? 5).map(({ r, hook, pattern }) => ({
      url: r.url,
      title: r.title,
      hook,
      pattern,
      engagement: r.engagement ?? null,
      score: r.score ?? null,
      publishedAt: r.publishedAt ?? null,
    })),
    hookPatterns,
    commonKeywords: commonKeywords(unique, opts.topic, opts.keywords ?? 15),
  };
}

/** Words by how many results use them (not raw repetitions), leaving out the topic's own words. */
export function commonKeywords(
  results: SearchResult[],
  topic: string,
  limit: number,
): { keyword: string; count: number }[] {
  const topicStems = keywordSet(topic);
  const df = new Map<string, { count: number; forms: Map<string, number> }>();
  for (const r of results) {
    const seen = new Set<string>();
    for (const seg of segments(`${r.title}\n${r.content}`)) {
      for (const t of tokenize(seg)) {
        if (t.length < 3 || isStopWord(t) || /^\d+$/.test(t)) continue;
        const s = stem(t);
        if (topicStems.has(s)) continue;
        let e = df.get(s);
        if (!e) df.set(s, (e = { count: 0, forms: new Map() }));
        e.forms.set(t, (e.forms.get(t) ?? 0) + 1);
        if (!seen.has(s)) {
          seen.add(s);
          e.count++;
        }
      }
    }
  }
  const minCount = results.length > 1 ? 2 : 1;
  return [...df.values()]
    .filter((e) => e.count >= minCount)
    .map((e) => ({
      keyword: [...e.forms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "",
      count: e.count,
    }))
    .sort((a, b) => b.count - a.count || a.keyword.localeCompare(b.keyword))
    .slice(0, limit);
}
