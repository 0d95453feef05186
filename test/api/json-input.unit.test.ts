import { describe, expect, it } from "vitest";
import {
  depthProblem,
  JSON_LIMITS,
  nestingPasses,
  parseJsonInput,
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
    expect(depthProblem("[".repeat(20_000) + "]".repeat(20_000))?.message).toBe("body: nested deeper than 64 levels");
    expect(depthProblem("[".repeat(64) + "]".repeat(64))).toBeNull();
    expect(depthProblem("[".repeat(65) + "]".repeat(65))).not.toBeNull();
  });

  it("stops at the first level past the limit (linear, not quadratic, on a hostile body)", () => {
    const started = performance.now();
    for (let i = 0; i < 50; i++) depthProblem("[".repeat(60_000));
    expect(performance.now() - started).toBeLessThan(500);
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
