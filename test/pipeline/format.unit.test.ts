import { describe, expect, it } from "vitest";
import { formatPost } from "../../workers/pipeline/steps/format.ts";
import { checkPostLimits } from "../../workers/providers/threads/limits.ts";
import { countChars, findLinks } from "../../workers/text/threads-text.ts";

describe("format for Threads", () => {
  it("joins hook and body with one blank line and cleans whitespace", () => {
    const out = formatPost("  Hook   line \u200B ", "Body  one.\n\n\n\nBody two.   ", null);
    expect(out.text).toBe("Hook line\n\nBody one.\n\nBody two.");
  });

  it("keeps at most 500 characters, cutting at a sentence", () => {
    const body = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} is here.`).join(" ");
    const out = formatPost("A hook.", body, null);
    expect(countChars(out.text)).toBeLessThanOrEqual(500);
    expect(out.text.endsWith(".")).toBe(true);
    expect(out.changes).toContain("shortened to 500 characters");
  });

  // Threads counts an emoji as its UTF-8 bytes (https://developers.facebook.com/documentation/threads/posts,
  // updated 2026-04-14), so 450 emoji are 1,800 characters and must be cut, never split mid-emoji.
  it("counts emoji as Threads does (UTF-8 bytes), so emoji-heavy text is cut to fit", () => {
    const out = formatPost("🚀".repeat(200), "😀".repeat(250), null);
    expect(countChars(out.text)).toBeLessThanOrEqual(500);
    expect(checkPostLimits(out.text)).toEqual([]);
    expect(out.changes).toContain("shortened to 500 characters");
    expect(out.text).not.toMatch(/\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("keeps at most 5 links", () => {
    const links = Array.from({ length: 7 }, (_, i) => `https://example.com/${i}`).join(" ");
    const out = formatPost("Links:", links, null);
    expect(findLinks(out.text)).toHaveLength(5);
    expect(out.links).toBe(5);
  });

  it("places the persona's emoji as configured, once, or removes emoji for 'none'", () => {
    expect(formatPost("Price it right", "Body.", "🌱🔥").text).toBe("Price it right 🌱🔥\n\nBody.");
    expect(formatPost("Price it right", "Body.", "🔥🚀").text).toBe("Price it right 🔥🚀\n\nBody.");
    expect(formatPost("Price it right 🔥🚀", "Body 🔥.", "🔥🚀").text).toBe("Price it right 🔥🚀\n\nBody 🔥.");
    // A hook that only contains one of them still gets the configured sequence at its end.
    expect(formatPost("Price 🔥 it right", "Body.", "🔥🚀").text).toBe("Price 🔥 it right 🔥🚀\n\nBody.");
    expect(formatPost("Family time", "Body.", "👨‍👩‍👧").text).toBe("Family time 👨‍👩‍👧\n\nBody.");
    expect(formatPost("Price 🚀 it right", "Body 🎉.", "none").text).toBe("Price it right\n\nBody.");
  });

  it("produces text the publisher's pre-flight check accepts, bare domains counted as links", () => {
    const links = ["https://a.io/1", "www.b.com", "c.dev/x", "https://d.org", "e.com", "f.net/y", "https://g.co"].join(
      " and ",
    );
    const out = formatPost("Seven links:", `${links}. ${"More words here. ".repeat(40)}`, "🌱");
    expect(out.links).toBe(5);
    expect(checkPostLimits(out.text)).toEqual([]);
  });
});
