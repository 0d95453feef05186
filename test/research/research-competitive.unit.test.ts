import { describe, expect, it } from "vitest";
import type { SearchResult } from "../../workers/providers/search/types.ts";
import { analyzeCompetition, classifyHook, hookOf } from "../../workers/research/competitive.ts";

describe("classifyHook", () => {
  const cases: [string, string][] = [
    ["Why does nobody finish their side projects?", "question"],
    ["Is the four-day week here to stay?", "question"],
    ["7 tools I use to write faster", "number_or_list"],
    ["Top 10 remote jobs for writers", "number_or_list"],
    ["Here are the habits that changed my mornings", "number_or_list"],
    ["Unpopular opinion: standups are a waste of time.", "contrarian"],
    ["Hustle culture is dead. Here's what replaced it", "contrarian"],
    ["Productivity apps are overrated", "contrarian"],
    ["How to write a hook that stops the scroll", "how_to"],
    ["Here's how I plan a week in 20 minutes", "how_to"],
    ["I quit my job last year. This is what happened next.", "story"],
    ["Last month my newsletter lost half its readers.", "story"],
    ["Stop posting at 9am.", "warning"],
    ["Don't make these 5 pricing mistakes", "warning"],
    ["73% of remote workers say they feel lonely", "statistic"],
    ["A new study finds four-day weeks cut burnout", "statistic"],
    ["Revenue grew 3x after we changed one thing", "statistic"],
    ["Sunday thoughts on craft", "other"],
  ];
  it.each(cases)("%s → %s", (text, pattern) => {
    expect(classifyHook(text)).toBe(pattern);
  });

  it("classifies only the first sentence or line, where the hook is", () => {
    expect(hookOf("Morning routine update.\nWhy do we keep doing this?")).toBe("Morning routine update.");
    expect(classifyHook("Morning routine update.\nWhy do we keep doing this?")).toBe("other");
  });
});

describe("analyzeCompetition", () => {
  const post = (id: number, text: string, engagement?: number, score?: number): SearchResult => ({
    url: `https://www.threads.net/@a/post/${id}`,
    title: text.slice(0, 40),
    content: text,
    engine: "threads",
    publishedAt: Date.UTC(2026, 10, id),
    ...(engagement === undefined ? {} : { engagement }),
    ...(score === undefined ? {} : { score }),
  });
  const posts = [
    post(1, "Why do async teams ship faster? Fewer meetings, clearer writing.", 120),
    post(2, "5 async habits that saved my team 10 hours a week", 900),
    post(3, "Stop scheduling meetings for things a doc can answer. Async writing wins.", 300),
    post(4, "What would you cut first: meetings or Slack?", 40),
    post(5, "Unpopular opinion: async is overrated for new teams.", 15),
    post(2, "duplicate of post 2", 1),
  ];

  it("ranks viral examples by engagement and reports each hook's pattern", () => {
    const a = analyzeCompetition(posts, { topic: "async work", examples: 3 });
    expect(a.sampleSize).toBe(5);
    expect(a.viralExamples.map((e) => e.engagement)).toEqual([900, 300, 120]);
    expect(a.viralExamples.map((e) => e.pattern)).toEqual(["number_or_list", "warning", "question"]);
    expect(a.viralExamples[0]?.hook).toBe("5 async habits that saved my team 10 hours a week");
  });

  it("counts hook patterns with the strongest example of each", () => {
    const a = analyzeCompetition(posts, { topic: "async work" });
    const question = a.hookPatterns.find((p) => p.pattern === "question");
    expect(question).toMatchObject({ count: 2, share: 0.4 });
    // Post 1 has more engagement than post 4, so it is the example.
    expect(question?.example?.url).toBe("https://www.threads.net/@a/post/1");
    expect(a.hookPatterns[0]?.pattern).toBe("question");
    expect(a.hookPatterns.find((p) => p.pattern === "story")).toMatchObject({ count: 0, example: null });
    expect(a.hookPatterns).toHaveLength(8);
  });

  it("lists common keywords by how many results use them, without the topic's own words", () => {
    const a = analyzeCompetition(posts, { topic: "async work" });
    const keywords = Object.fromEntries(a.commonKeywords.map((k) => [k.keyword, k.count]));
    expect(keywords.meetings).toBe(3);
    expect(keywords.writing).toBe(2);
    expect(keywords.async).toBeUndefined();
    expect(keywords.the).toBeUndefined();
  });

  it("falls back to the upstream score when results carry no engagement", () => {
    const web: SearchResult[] = [
      { url: "https://a.example/1", title: "How to run async standups", content: "", score: 1 },
      { url: "https://a.example/2", title: "Is async work here to stay?", content: "", score: 3 },
    ];
    const a = analyzeCompetition(web, { topic: "async" });
    expect(a.viralExamples.map((e) => e.pattern)).toEqual(["question", "how_to"]);
  });
});
