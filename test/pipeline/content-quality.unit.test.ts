import { describe, expect, it } from "vitest";
import { checkPost } from "../../bench/quality/checks.ts";
import { qualityCorpus } from "../../bench/quality/corpus.ts";

// The labelled set of 150 offline posts (5 languages x 6 tones x 5 topics, arms rotating through
// every hook style, format and length), checked for language (franc-min), topic words, template
// residue and Threads limits. `npm run bench -- --only quality` prints the same pass rate.
describe("content quality of the offline writer", () => {
  const verdicts = qualityCorpus().map(checkPost);

  it("checks at least 100 posts across personas, tones and languages", () => {
    expect(verdicts.length).toBeGreaterThanOrEqual(100);
    expect(new Set(verdicts.map((v) => v.label.split("/")[0])).size).toBe(5);
    expect(new Set(verdicts.map((v) => v.label.split("/")[1])).size).toBe(6);
  });

  it("never leaves template residue, never breaks Threads limits, always names the topic", () => {
    const hard = verdicts.flatMap((v) =>
      v.failures.filter((f) => !f.startsWith("language:")).map((f) => `${v.label}: ${f}\n${v.text}`),
    );
    expect(hard).toEqual([]);
  });

  it("is identified as the persona's language by franc-min in at least 97% of posts", () => {
    const wrong = verdicts.filter((v) => v.failures.some((f) => f.startsWith("language:")));
    // franc-min on a few hundred characters is itself not perfect (short English lists can read as French to it).
    expect(
      wrong.length / verdicts.length,
      wrong.map((w) => `${w.label} -> ${w.detected}`).join("\n"),
    ).toBeLessThanOrEqual(0.03);
  });

  it("fails a post that has residue, the wrong language or a pasted long topic (the check can fail)", () => {
    const bad = checkPost({
      label: "bad",
      lang: "de",
      topic: "the long-term effects of social media use on teenage attention spans",
      hook: "Stop  ignoring the long-term effects of social media use on teenage attention spans ${x}",
      body: "undefined..",
      emoji: null,
    });
    expect(bad.failures.join("\n")).toMatch(/language/);
    expect(bad.failures.join("\n")).toMatch(/residue: template/);
    expect(bad.failures.join("\n")).toMatch(/doubled space/);
    expect(bad.failures.join("\n")).toMatch(/pasted verbatim/);
  });
});
