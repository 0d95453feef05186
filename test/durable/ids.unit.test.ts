import { describe, expect, it } from "vitest";
import { errorBody } from "../../workers/api/error-body.ts";
import { ERROR_STATUS } from "../../workers/errors.ts";
import { ID_PATTERN, ID_PREFIX, newId } from "../../workers/ids.ts";

describe("newId", () => {
  it("gives every kind its prefix and one format: prefix, _, 32 hex digits", () => {
    for (const [kind, prefix] of Object.entries(ID_PREFIX)) {
      const id = newId(kind as keyof typeof ID_PREFIX);
      expect(id.startsWith(`${prefix}_`)).toBe(true);
      expect(id).toMatch(ID_PATTERN);
      expect(id).toHaveLength(prefix.length + 1 + 32);
    }
  });

  it("uses distinct prefixes and does not repeat", () => {
    const prefixes = Object.values(ID_PREFIX);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    const ids = new Set(Array.from({ length: 1000 }, () => newId("task")));
    expect(ids.size).toBe(1000);
  });
});

describe("error body", () => {
  it("writes the envelope, leaving out absent details", () => {
    expect(errorBody("not_found", "no route", "req_1")).toEqual({
      error: { code: "not_found", message: "no route", request_id: "req_1" },
    });
    expect(JSON.parse(JSON.stringify(errorBody("bad_request", "body: x", "req_2", { field: "body" })))).toEqual({
      error: { code: "bad_request", message: "body: x", details: { field: "body" }, request_id: "req_2" },
    });
  });

  it("has a status for method_not_allowed", () => {
    expect(ERROR_STATUS.method_not_allowed).toBe(405);
  });
});
