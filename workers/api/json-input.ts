// Limits on the shape of a JSON request body, checked without recursion, so that no input can
// exhaust the stack anywhere after it (zod, the unsafe-character scan, JSON.stringify in the MCP
// tools, structured clones into Durable Objects). V8's JSON.parse is iterative, but almost
// everything that walks its result is not: a 40 KB body of 20,000 `[` made a 500 before.
// The nesting depth and the number of values are read from the raw text before parsing (one pass,
// brackets and commas outside strings), so JSON.parse never builds a huge value (a 700,000-field
// object in an 8 MB history import was a 500 before); array lengths, field counts and key lengths
// are read from the parsed value with an explicit stack, so they are named by their JSON path.
import { unsafeTextProblem } from "../text/unsafe-chars.ts";

export const JSON_LIMITS = {
  /** Objects and arrays inside one another. No route's schema goes past 4. */
  depth: 64,
  /** Items in one array. The longest list a route takes is 500 (blocked words). */
  arrayItems: 10_000,
  /** Characters in one object key. Field names are short; a long one is junk or an attack. */
  keyLength: 200,
  /** Fields in one object. No route's object has more than 40. */
  objectFields: 1_000,
  /**
   * Values in the whole body (array items and object fields, counted as commas and opening
   * brackets). A full history import (5,000 posts of 8 fields) is about 45,000.
   */
  values: 200_000,
} as const;

export interface JsonProblem {
  /** Which limit or rule: sizes (depth, items, key_length) or content (characters, malformed). */
  kind: "depth" | "values" | "items" | "fields" | "key_length" | "characters" | "malformed";
  /** The JSON path of the value at fault ("body" for the whole body), e.g. `topics.2`. */
  field: string;
  message: string;
  details: Record<string, unknown>;
}

const at = (path: readonly string[]) => path.join(".") || "body";

/**
 * Reads JSON text once, outside strings (escaped quotes included): whether its nesting passes
 * `maxDepth` or its values (commas and opening brackets) pass `maxValues`. Stops at the first
 * excess, so the scan is linear and cheap on a hostile body.
 */
function scanRaw(text: string, maxDepth: number, maxValues: number): "depth" | "values" | null {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c /* \ */) i++;
      else if (ch === 0x22 /* " */) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b /* [ */ || ch === 0x7b /* { */) {
      if (++depth > maxDepth) return "depth";
      if (++values > maxValues) return "values";
    } else if (ch === 0x5d /* ] */ || ch === 0x7d /* } */) depth--;
    else if (ch === 0x2c /* , */ && ++values > maxValues) return "values";
  }
  return null;
}

/** True when the nesting of JSON text passes `max` levels (brackets inside strings do not count). */
export const nestingPasses = (text: string, max: number): boolean =>
  scanRaw(text, max, Number.POSITIVE_INFINITY) === "depth";

/** The shape limits read from the raw text (depth, values), before anything parses it. */
export function rawShapeProblem(
  text: string,
  maxDepth: number = JSON_LIMITS.depth,
  maxValues: number = JSON_LIMITS.values,
): JsonProblem | null {
  const over = scanRaw(text, maxDepth, maxValues);
  if (over === "depth")
    return {
      kind: "depth",
      field: "body",
      message: `body: nested deeper than ${maxDepth} levels`,
      details: { field: "body", max_depth: maxDepth },
    };
  if (over === "values")
    return {
      kind: "values",
      field: "body",
      message: `body: more than ${maxValues} values (array items and object fields)`,
      details: { field: "body", max_values: maxValues },
    };
  return null;
}

/**
 * Walks a parsed body (already known to be within the raw limits) with an explicit
 * stack: array lengths, field counts, key lengths, and control, bidi-override or lone-surrogate characters in
 * any string or key. The first problem in document order, named by its JSON path.
 */
export function shapeProblem(value: unknown): JsonProblem | null {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === "string") {
      const problem = unsafeTextProblem(v);
      if (problem)
        return {
          kind: "characters",
          field: at(path),
          message: `${at(path)}: ${problem}`,
          details: { field: at(path) },
        };
    } else if (Array.isArray(v)) {
      if (v.length > JSON_LIMITS.arrayItems)
        return {
          kind: "items",
          field: at(path),
          message: `${at(path)}: an array of ${v.length} items, over the limit of ${JSON_LIMITS.arrayItems}`,
          details: { field: at(path), max_items: JSON_LIMITS.arrayItems },
        };
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, String(i)] });
    } else if (v && typeof v === "object") {
      const entries = Object.entries(v);
      if (entries.length > JSON_LIMITS.objectFields)
        return {
          kind: "fields",
          field: at(path),
          message: `${at(path)}: an object of ${entries.length} fields, over the limit of ${JSON_LIMITS.objectFields}`,
          details: { field: at(path), max_fields: JSON_LIMITS.objectFields },
        };
      for (const [k] of entries) {
        if (k.length > JSON_LIMITS.keyLength)
          return {
            kind: "key_length",
            field: at(path),
            message: `${at(path)}: a field name of ${k.length} characters, over the limit of ${JSON_LIMITS.keyLength}`,
            details: { field: at(path), max_key_length: JSON_LIMITS.keyLength },
          };
        const keyProblem = unsafeTextProblem(k);
        if (keyProblem)
          return {
            kind: "characters",
            field: at(path),
            message: `${at(path)}: a field name ${keyProblem}`,
            details: { field: at(path) },
          };
      }
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        stack.push({ value: child, path: [...path, k] });
      }
    }
  }
  return null;
}

/** Parses a JSON request body within the limits: the value, or the first problem found. */
export function parseJsonInput(text: string): { ok: true; value: unknown } | { ok: false; problem: JsonProblem } {
  const raw = rawShapeProblem(text);
  if (raw) return { ok: false, problem: raw };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      ok: false,
      problem: { kind: "malformed", field: "body", message: "body: malformed JSON", details: { field: "body" } },
    };
  }
  const bad = shapeProblem(value);
  return bad ? { ok: false, problem: bad } : { ok: true, value };
}
