import { describe, expect, it } from "vitest";
import {
  JSON_LIMITS,
  nestingPasses,
  parseJsonInput,
  rawShapeProblem,
  shapeProblem,
} from "../../workers/api/json-input.ts";

describe("JSON input limits (workers/api/json-input.ts)", () => {
  it("counts nesting outside strings only, escaped quotes included", () => {
    expect(nestingPasses("[[[]]]", 3)).toBe(false);
    expect(nestingPasses("[[[[]]]]", 3)).toBe(true);
    expect(nestingPasses(JSON.stringify({ a: "[[[[[[{{{{" }), 1)).toBe(false);
    // An escaped quote does not end the string: the brackets after it are still text.
    expect(nestingPasses(JSON.stringify({ a: '\\"[[[[[[' }), 1)).toBe(false);
    expect(nestingPasses(JSON.stringify({ a: "x\\" }) + "[[[", 1)).toBe(true);
    expect(rawShapeProblem("[".repeat(20_000) + "]".repeat(20_000))?.message).toBe(
      "body: nested deeper than 64 levels",
    );
    expect(rawShapeProblem("[".repeat(64) + "]".repeat(64))).toBeNull();
    expect(rawShapeProblem("[".repeat(65) + "]".repeat(65))).not.toBeNull();
  });

  it("stops at the first level past the limit (linear, not quadratic, on a hostile body)", () => {
    const started = performance.now();
    for (let i = 0; i < 50; i++) rawShapeProblem("[".repeat(60_000));
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("counts values (commas and opening brackets outside strings) before parsing", () => {
    const fields = (n: number) => `{${Array.from({ length: n }, (_, i) => `"${i}":0`).join(",")}}`;
    // 700,000 fields in one object made JSON.parse and the walk after it a 500 before.
    expect(rawShapeProblem(fields(700_000))?.message).toBe(
      "body: more than 200000 values (array items and object fields)",
    );
    expect(rawShapeProblem(fields(700_000))?.details).toEqual({ field: "body", max_values: JSON_LIMITS.values });
    expect(rawShapeProblem(`[${Array(JSON_LIMITS.values).fill(0).join(",")}]`)).toBeNull();
    expect(
      rawShapeProblem(
        `[${Array(JSON_LIMITS.values + 1)
          .fill(0)
          .join(",")}]`,
      )?.kind,
    ).toBe("values");
    // Commas inside strings are text.
    expect(rawShapeProblem(JSON.stringify({ a: ",".repeat(300_000) }))).toBeNull();
    expect(rawShapeProblem("[1,2,3]", 64, 3)).toBeNull();
    expect(rawShapeProblem("[1,2,3,4]", 64, 3)?.kind).toBe("values");
    // A full history import (5,000 posts of 8 fields) is well within the limit.
    const post = {
      text: "t",
      published_at: "2026-01-01T00:00:00Z",
      views: 1,
      likes: 1,
      replies: 1,
      reposts: 1,
      quotes: 1,
      shares: 1,
    };
    expect(rawShapeProblem(JSON.stringify({ posts: Array(5_000).fill(post) }))).toBeNull();
  });

  it("names objects with too many fields by their JSON path", () => {
    const wide = Object.fromEntries(Array.from({ length: JSON_LIMITS.objectFields + 1 }, (_, i) => [`f${i}`, 0]));
    expect(shapeProblem({ posts: [wide] })?.message).toBe("posts.0: an object of 1001 fields, over the limit of 1000");
    expect(shapeProblem({ posts: [wide] })?.kind).toBe("fields");
    const { f0: _drop, ...atLimit } = wide;
    expect(shapeProblem({ posts: [atLimit] })).toBeNull();
  });

  it("names huge arrays, long keys and bad characters by their JSON path, without recursion", () => {
    expect(shapeProblem({ a: { list: Array(JSON_LIMITS.arrayItems + 1).fill(0) } })?.message).toBe(
      "a.list: an array of 10001 items, over the limit of 10000",
    );
    expect(shapeProblem({ a: [{ ["k".repeat(201)]: 1 }] })?.message).toBe(
      "a.0: a field name of 201 characters, over the limit of 200",
    );
    expect(shapeProblem({ topics: ["ok", "bad\u0000"] })?.field).toBe("topics.1");
    expect(shapeProblem({ a: Array(JSON_LIMITS.arrayItems).fill("x"), ["k".repeat(200)]: 1 })).toBeNull();
  });

  it("parses within the limits, and reports malformed JSON after the depth check", () => {
    expect(parseJsonInput('{"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    const bad = parseJsonInput('{"a":');
    expect(bad.ok ? null : bad.problem.kind).toBe("malformed");
    const deep = parseJsonInput("[".repeat(100));
    expect(deep.ok ? null : deep.problem.kind).toBe("depth");
  });
});
