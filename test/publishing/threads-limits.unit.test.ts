import { describe, expect, it } from "vitest";
import {
  checkPostLimits,
  countCodePoints,
  countPostChars,
  slicePostChars,
  uniqueLinks,
} from "../../workers/providers/threads/index.ts";

// Pins Threads' documented post limits (docs/conformance.md, "Post text"):
// https://developers.facebook.com/documentation/threads/posts (updated 2026-04-14): "Text posts are
// limited to 500 characters. Emojis are counted as the number of UTF-8 bytes."
// https://developers.facebook.com/documentation/threads/create-posts/text-attachments (updated
// 2026-07-02): at most 5 links; "All unique URLs found in the text field are counted as links."

describe("checkPostLimits", () => {
  it("counts an emoji as its UTF-8 bytes: 125 × 😀 is exactly 500, 126 is over", () => {
    const text = "😀".repeat(125);
    expect(countCodePoints(text)).toBe(125);
    expect(countPostChars(text)).toBe(500);
    expect(checkPostLimits(text)).toEqual([]);
    expect(checkPostLimits("😀".repeat(126)).map((v) => v.code)).toEqual(["too_long"]);
  });

  it("refuses 200 emoji (800 by Threads' count) although it is only 200 code points", () => {
    const v = checkPostLimits("🎉".repeat(200));
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ code: "too_long", limit: 500, actual: 800 });
  });

  it("counts whole emoji sequences by bytes and other non-ASCII letters as one", () => {
    expect(countPostChars("👍🏽")).toBe(8); // thumbs up + skin tone: 4 + 4 bytes
    expect(countPostChars("❤️")).toBe(6); // U+2764 (3 bytes) + VS16 (3 bytes)
    expect(countPostChars("🇩🇪")).toBe(8); // two regional indicators
    expect(countPostChars("héllo 中文")).toBe(8);
    expect(checkPostLimits("é".repeat(500))).toEqual([]);
  });

  it("slices by Threads' count without splitting an emoji", () => {
    expect(slicePostChars("ab😀cd", 5)).toBe("ab");
    expect(countPostChars(slicePostChars("x😀".repeat(200), 500))).toBeLessThanOrEqual(500);
  });

  it("rejects 501 characters with a clear message", () => {
    const v = checkPostLimits("a".repeat(501));
    expect(v).toEqual([
      {
        code: "too_long",
        limit: 500,
        actual: 501,
        message:
          "Post is 501 characters as Threads counts them (an emoji counts its UTF-8 bytes); Threads allows at most 500 (remove 1)",
      },
    ]);
  });

  it("allows 5 different links and rejects 6, counting bare domains", () => {
    const five = "see https://a.example/x http://b.example www.c.example d.com/path e.io";
    expect(checkPostLimits(five)).toEqual([]);
    const v = checkPostLimits(`${five} and f.dev`);
    expect(v.map((x) => x.code)).toEqual(["too_many_links"]);
    expect(v[0]?.message).toBe("Post contains 6 different links; Threads allows at most 5");
  });

  it("counts the same link once: six times the same URL is one link", () => {
    const same = Array.from({ length: 6 }, () => "https://example.com/a").join(" and ");
    expect(uniqueLinks(same)).toEqual(["https://example.com/a"]);
    expect(checkPostLimits(same)).toEqual([]);
  });

  it("does not count prose like Node.js or e.g. as links", () => {
    expect(checkPostLimits("I use Node.js, e.g. for scripts. Version 2.5 rocks.")).toEqual([]);
  });

  it("reports every violation at once, and an empty post", () => {
    expect(checkPostLimits("   ").map((v) => v.code)).toEqual(["empty"]);
    const both = `${"x".repeat(600)} ${Array.from({ length: 6 }, (_, i) => `https://l${i}.example`).join(" ")}`;
    expect(checkPostLimits(both).map((v) => v.code)).toEqual(["too_long", "too_many_links"]);
  });
});
