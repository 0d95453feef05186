// Thread chains: the splitter keeps every part within Threads' limits and the text's order, the
// format step chooses single or chain as asked (or by length), and the offline writer writes
// chains that really need several posts.
import { describe, expect, it } from "vitest";
import { formatPost } from "../../workers/pipeline/steps/format.ts";
import { writeOffline } from "../../workers/providers/llm/offline-writer.ts";
import { MAX_CHAIN_PARTS, splitChain } from "../../workers/text/chain.ts";
import { countChars, uniqueLinks } from "../../workers/text/threads-text.ts";
import { brief, persona, TOPICS } from "../fixtures/offline-writer.fixtures.ts";

const para = (i: number, n = 6) =>
  Array.from({ length: n }, (_, k) => `Paragraph ${i} sentence ${k} says something useful about pricing.`).join(" ");

describe("splitChain", () => {
  it("packs paragraphs into parts of at most 500 characters, in order, losing no word", () => {
    const text = Array.from({ length: 8 }, (_, i) => para(i)).join("\n\n");
    const { parts, changes } = splitChain(text);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const p of parts) expect(countChars(p)).toBeLessThanOrEqual(500);
    expect(parts.join(" ").replace(/\s+/g, " ")).toBe(text.replace(/\s+/g, " "));
    expect(changes).toEqual([]);
  });

  it("counts an emoji as its UTF-8 bytes when cutting", () => {
    const text = Array.from({ length: 6 }, (_, i) => `${"😀".repeat(30)} line ${i}.`).join("\n\n");
    const { parts } = splitChain(text);
    // 30 emoji are 120 characters as Threads counts them: four lines fit one part, not six.
    expect(parts.length).toBe(2);
    for (const p of parts) expect(countChars(p)).toBeLessThanOrEqual(500);
  });

  it("splits a paragraph too long for one post at sentence ends", () => {
    const { parts } = splitChain(para(1, 20));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const p of parts) {
      expect(countChars(p)).toBeLessThanOrEqual(500);
      expect(p).toMatch(/\.$/);
    }
  });

  it("keeps at most 5 links per part", () => {
    const links = Array.from({ length: 8 }, (_, i) => `https://e${i}.example.com/x`);
    const text = links.map((l, i) => `Read ${l} for point ${i}.`).join("\n\n");
    const { parts } = splitChain(text);
    for (const p of parts) expect(uniqueLinks(p).length).toBeLessThanOrEqual(5);
    expect(uniqueLinks(parts.join("\n\n"))).toHaveLength(8); // spread over parts, none dropped
  });

  it("stops at 10 parts and says so", () => {
    const text = Array.from({ length: 40 }, (_, i) => para(i)).join("\n\n");
    const { parts, changes } = splitChain(text);
    expect(parts).toHaveLength(MAX_CHAIN_PARTS);
    expect(changes.join()).toMatch(/dropped \d+ parts past the limit of 10/);
  });

  it("forced, splits a text that fits one post in two; one sentence stays one part", () => {
    expect(splitChain("First point here.\n\nSecond point there.", { force: true }).parts).toEqual([
      "First point here.",
      "Second point there.",
    ]);
    expect(splitChain("One. Two. Three.", { force: true }).parts).toEqual(["One. Two.", "Three."]);
    expect(splitChain("Only one sentence", { force: true }).parts).toEqual(["Only one sentence"]);
  });
});

describe("formatPost shapes", () => {
  const long = Array.from({ length: 5 }, (_, i) => para(i)).join("\n\n");

  it("single (the default) shortens; auto and chain split", () => {
    expect(formatPost("Hook.", long, null).format).toBe("single");
    expect(countChars(formatPost("Hook.", long, null).text)).toBeLessThanOrEqual(500);
    const auto = formatPost("Hook.", long, null, "auto");
    expect(auto.format).toBe("chain");
    expect(auto.parts?.[0]?.startsWith("Hook.")).toBe(true);
    expect(auto.text).toBe(auto.parts?.join("\n\n"));
    expect(formatPost("Hook.", "Short body.", null, "auto").format).toBe("single");
    expect(formatPost("Hook.", "Short body.", null, "chain").parts).toEqual(["Hook.", "Short body."]);
  });
});

describe("offline writer chains", () => {
  it("writes chains of 2-10 parts, each within the limits, for every fixture topic", () => {
    for (const [i, topic] of TOPICS.entries()) {
      const b = { chain: true } as const;
      const hook = writeOffline(brief("hook", persona(i), topic, b));
      const body = writeOffline(brief("body", persona(i), topic, { ...b, hook }));
      const out = formatPost(hook, body, null, "chain");
      expect(out.format, topic).toBe("chain");
      expect(out.parts?.length ?? 0).toBeGreaterThanOrEqual(2);
      expect(out.parts?.length ?? 0).toBeLessThanOrEqual(10);
      for (const p of out.parts ?? []) expect(countChars(p)).toBeLessThanOrEqual(500);
      // More than one post's worth: a real chain, not a post cut in two.
      expect(countChars(out.text), topic).toBeGreaterThan(500);
    }
  });
});
