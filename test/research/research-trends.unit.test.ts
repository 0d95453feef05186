import { describe, expect, it } from "vitest";
import { OfflineSearchProvider } from "../../workers/providers/search/offline.ts";
import type { SearchResult } from "../../workers/providers/search/types.ts";
import { extractTrends } from "../../workers/research/trends.ts";

const NOW = Date.UTC(2026, 10, 20, 12);
const HOUR = 3_600_000;
let n = 0;
const doc = (title: string, content: string, ageHours: number | null = 1): SearchResult => ({
  url: `https://example.com/${++n}`,
  title,
  content,
  publishedAt: ageHours === null ? null : NOW - ageHours * HOUR,
});

describe("extractTrends", () => {
  it("finds a multi-word phrase repeated across results, with its sources", () => {
    const results = [
      doc("The four day week goes mainstream", "Several firms report results."),
      doc("Why firms are testing a four day week", "Staff are happier."),
      doc("Inside one company's four day week", "Output held steady."),
      doc("Unrelated gardening tips", "Tomatoes need sun."),
    ];
    const trends = extractTrends(results, { query: "remote work", now: NOW });
    expect(trends[0]?.topic).toBe("four day week");
    expect(trends[0]?.mentions).toBe(3);
    expect(trends[0]?.sources.map((s) => s.url)).toEqual(results.slice(0, 3).map((r) => r.url));
    expect(trends[0]?.excerpt).toMatch(/four day week/i);
    // Phrases, not single words: nothing here is one word.
    expect(trends.every((t) => t.topic.includes(" "))).toBe(true);
  });

  it("counts distinct results, not repetitions inside one result", () => {
    const spam = doc(
      "Async standups",
      "Async standups. Async standups! Async standups? Async standups, async standups.",
    );
    const results = [
      spam,
      doc("Return to office mandates", "x"),
      doc("Office life", "Return to office mandates are back."),
    ];
    const trends = extractTrends(results, { now: NOW });
    expect(trends.map((t) => t.topic)).toContain("return to office mandates");
    expect(trends.map((t) => t.topic)).not.toContain("async standups");
  });

  it("merges spelling, order and subset variants into one trend", () => {
    const results = [
      doc("Remote work burnout is rising", "a"),
      doc("Fighting remote-work burnout", "b"),
      doc("Burnout in remote work: a survival guide", "c"),
      doc("Study", "Remote work burnout, again"),
    ];
    const trends = extractTrends(results, { now: NOW });
    const burnout = trends.filter((t) => t.topic.includes("burnout"));
    expect(burnout).toHaveLength(1);
    expect(burnout[0]?.topic).toBe("remote work burnout");
    expect(burnout[0]?.mentions).toBe(4);
    // "remote work" and "work burnout" are parts of the same trend, not separate ones.
    expect(trends.map((t) => t.topic)).not.toContain("remote work");
    expect(trends.map((t) => t.topic)).not.toContain("work burnout");
  });

  it("folds plurals: 'AI agent' and 'AI agents' are one phrase", () => {
    const trends = extractTrends([doc("AI agents at work", "x"), doc("Your first AI agent", "y")], { now: NOW });
    expect(trends).toHaveLength(1);
    expect(trends[0]?.mentions).toBe(2);
  });

  it("prefers recent coverage: same support, fresher results score higher", () => {
    const results = [
      doc("Quiet quitting returns", "x", 300),
      doc("More quiet quitting", "y", 320),
      doc("Quiet quitting explained", "z", 340),
      doc("Job hugging is the new trend", "x", 2),
      doc("Job hugging explained", "y", 3),
      doc("Why job hugging", "z", 5),
    ];
    const trends = extractTrends(results, { now: NOW, halfLifeHours: 72 });
    expect(trends.map((t) => t.topic)).toEqual(["job hugging", "quiet quitting"]);
    expect(trends[0]!.score).toBeGreaterThan(trends[1]!.score * 5);
    // With no decay worth speaking of, equal support gives equal scores.
    const flat = extractTrends(results, { now: NOW, halfLifeHours: 1e9 });
    expect(flat[0]!.score).toBeCloseTo(flat[1]!.score, 2);
  });

  it("down-weights the query's own words and drops pure echoes of the topic", () => {
    const results = [
      doc("Remote work tips", "Remote work hubs are opening"),
      doc("Remote work news", "Remote work hubs in Lisbon"),
      doc("Remote work guide", "Coworking passes for nomads; remote work"),
      doc("Digital", "Coworking passes sell out"),
    ];
    const trends = extractTrends(results, { query: "Remote work", now: NOW });
    const topics = trends.map((t) => t.topic);
    expect(topics).not.toContain("remote work");
    // "coworking passes" (2 results, new words) outranks "remote work hubs" (2 results, mostly the topic).
    expect(topics.indexOf("coworking passes")).toBeLessThan(topics.indexOf("remote work hubs"));
    expect(topics.indexOf("remote work hubs")).toBeGreaterThanOrEqual(0);
  });

  it("ignores stop words at phrase edges and returns single words only when no phrase recurs", () => {
    const results = [
      doc("The cost of the sourdough", "of the"),
      doc("Sourdough at home", "the cost of it"),
      doc("Rye and sourdough", ""),
    ];
    const trends = extractTrends(results, { now: NOW });
    expect(trends.some((t) => /^(the|of)\b|\b(the|of)$/.test(t.topic))).toBe(false);
    expect(trends[0]?.topic).toBe("sourdough");
    expect(extractTrends([], { now: NOW })).toEqual([]);
  });

  it("finds the offline source's planted phrases for a topic", async () => {
    const provider = new OfflineSearchProvider({ now: () => NOW });
    const a = await provider.search({ query: "remote work", timeRange: "week" });
    const b = await provider.search({ query: "remote work", timeRange: "week" });
    expect(a).toEqual(b);
    expect(a.results.every((r) => (r.publishedAt ?? 0) <= NOW && (r.publishedAt ?? 0) > NOW - 7 * 24 * HOUR)).toBe(
      true,
    );
    const trends = extractTrends(a.results, { query: "remote work", now: NOW, limit: 5 });
    expect(trends.length).toBeGreaterThanOrEqual(4);
    const planted = [
      "four day week",
      "return to office mandates",
      "quiet quitting",
      "async communication",
      "remote work burnout",
      "ai meeting assistants",
      "digital nomad visas",
      "deep work blocks",
    ];
    for (const t of trends) expect(planted).toContain(t.topic);
    const other = await provider.search({ query: "personal finance budgeting" });
    const otherTrends = extractTrends(other.results, { query: "personal finance budgeting", now: NOW, limit: 3 });
    expect(otherTrends.map((t) => t.topic).some((t) => planted.includes(t))).toBe(false);
  });
});
