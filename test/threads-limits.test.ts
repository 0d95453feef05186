import { describe, expect, it } from "vitest";
import { checkPostLimits, countCodePoints } from "../workers/providers/threads/index.ts";

describe("checkPostLimits", () => {
  it("accepts exactly 500 code points, even when they are astral emoji", () => {
    const text = "😀".repeat(500); // 1000 UTF-16 units, 500 code points
    expect(text.length).toBe(1000);
    expect(countCodePoints(text)).toBe(500);
    expect(checkPostLimits(text)).toEqual([]);
  });

  it("rejects 501 characters with a clear message", () => {
    const v = checkPostLimits("a".repeat(501));
    expect(v).toEqual([
      { code: "too_long", limit: 500, actual: 501, message: "Post is 501 characters; Threads allows at most 500 (remove 1)" },
    ]);
  });

  it("allows 5 links and rejects 6, counting bare domains", () => {
    const five = "see https://a.example/x http://b.example www.c.example d.com/path e.io";
    expect(checkPostLimits(five)).toEqual([]);
    const six = `${five} and f.dev`;
    const v = checkPostLimits(six);
    expect(v.map((x) => x.code)).toEqual(["too_many_links"]);
    expect(v[0]?.message).toBe("Post contains 6 links; Threads allows at most 5");
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
