// Property-based fuzzing of every operation in GET /openapi.json (issue 10, item 9): generated
// bad input (wrong types, missing required fields, unknown fields, huge strings, control
// characters, non-decimal query integers, bad path ids, non-JSON bodies and content types) sent
// with the API key. Fails on any 5xx, and on a 400 whose message or details do not name the field
// that was broken. New routes are picked up from the spec without changes here.
// Deterministic: a fixed seed per operation (FUZZ_SEED + operation index); fast-check prints the
// seed and the counterexample on failure.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { api } from "../support/helpers.ts";

const FUZZ_SEED = 20261201;
const RUNS_PER_OPERATION = 24;

interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}
interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface Op {
  name: string;
  method: string;
  path: string;
  params: Parameter[];
  body: Schema | null;
}

interface Case {
  kind: string;
  /** The field this case breaks: a 400 must name it. Null when any 4xx will do. */
  field: string | null;
  path: string;
  query: [string, string][];
  body?: string;
  contentType?: string | null;
  /** The exact status this case must get, when there is one (415 for a wrong content type). */
  status?: number;
}

function resolver(spec: Spec) {
  const resolve = (s: Schema | undefined): Schema => {
    if (!s) return {};
    if (s.$ref) return resolve(spec.components?.schemas?.[s.$ref.replace("#/components/schemas/", "")]);
    if (s.allOf?.length === 1) return resolve(s.allOf[0]);
    return s;
  };
  return resolve;
}

const typesOf = (s: Schema): string[] => {
  if (Array.isArray(s.type)) return s.type;
  if (s.type) return [s.type];
  const alts = s.anyOf ?? s.oneOf;
  return alts ? alts.flatMap((a) => typesOf(a)) : [];
};

/** A value the schema accepts (best effort: example, default, enum, pattern, bounds). */
function validValue(s: Schema, resolve: (s: Schema | undefined) => Schema): fc.Arbitrary<unknown> {
  // Times first: an example time may be in the past by now, and schedules want the future.
  if (s.format === "date-time") return fc.constant(new Date(Date.now() + 3_600_000).toISOString());
  if (s.example !== undefined) return fc.constant(s.example);
  if (s.default !== undefined) return fc.constant(s.default);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const type = typesOf(s).find((t) => t !== "null");
  switch (type) {
    case "string":
      if (s.pattern)
        return fc
          .stringMatching(new RegExp(s.pattern))
          .filter((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? 64) && v.length > 0);
      return fc.constantFrom("fuzz", "pricing your first product", "remote work");
    case "integer":
    case "number":
      return fc.constant(s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1));
    case "boolean":
      return fc.boolean();
    case "array":
      return (s.minItems ?? 0) > 0 ? validValue(resolve(s.items), resolve).map((v) => [v]) : fc.constant([]);
    case "object":
      return objectOf(s, resolve, []);
    default:
      return fc.constant("fuzz");
  }
}

function objectOf(
  s: Schema,
  resolve: (s: Schema | undefined) => Schema,
  extra: string[],
): fc.Arbitrary<Record<string, unknown>> {
  const keys = [...new Set([...(s.required ?? []), ...extra])];
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const k of keys) parts[k] = validValue(resolve(s.properties?.[k]), resolve);
  return fc.record(parts);
}

/** Values of a type the schema does not declare (none when the schema accepts anything). */
function wrongTypeValue(s: Schema): fc.Arbitrary<unknown> | null {
  const declared = typesOf(s);
  if (declared.length === 0) return null;
  const candidates: [string, fc.Arbitrary<unknown>][] = [
    ["string", fc.string({ maxLength: 8 })],
    ["integer", fc.integer()],
    ["number", fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n))],
    ["boolean", fc.boolean()],
    ["array", fc.array(fc.integer(), { maxLength: 3 })],
    ["object", fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 })],
    ["null", fc.constant(null)],
  ];
  const accepts = (t: string) => declared.includes(t) || (t === "integer" && declared.includes("number"));
  const wrong = candidates.filter(([t]) => !accepts(t)).map(([, a]) => a);
  return wrong.length ? fc.oneof(...wrong) : null;
}

const BAD_CHARS = ["\u0000", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u202e", "\u2066", "\ud800", "\udfff"];
// A URL cannot carry a lone surrogate (URLSearchParams turns it into U+FFFD), so not in queries.
const BAD_QUERY_CHARS = BAD_CHARS.filter((c) => !/^[\ud800-\udfff]$/.test(c));
const BAD_INTS = ["0x10", "1e3", " 5", "+5", "1.5", "abc", "", "9".repeat(20), "1_0", "٣", "-0x1"];

function operations(spec: Spec): Op[] {
  const resolve = resolver(spec);
  const ops: Op[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    // /mcp speaks JSON-RPC (the MCP Streamable HTTP transport) with its own status codes and
    // error shapes; its own tests cover it. /fake-threads is not in the spec.
    if (path.startsWith("/fake-threads") || path === "/mcp") continue;
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const body = op.requestBody?.content?.["application/json"]?.schema;
      ops.push({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        body: body ? resolve(body) : null,
      });
    }
  }
  return ops;
}

/** Cases for one operation, built on a body and path that pass validation. */
function casesFor(
  op: Op,
  base: { body: Record<string, unknown> | null; pathValues: Record<string, string> },
  resolve: (s: Schema | undefined) => Schema,
): fc.Arbitrary<Case> {
  const pathWith = (values: Record<string, string>) =>
    op.path.replace(/\{(\w+)\}/g, (_m, k: string) => encodeURIComponent(values[k] ?? "x"));
  const goodPath = pathWith(base.pathValues);
  const json = (b: unknown) => JSON.stringify(b);
  const arbs: fc.Arbitrary<Case>[] = [];

  const pathParams = op.params.filter((p) => p.in === "path");
  if (pathParams.length) {
    const badId = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: "grapheme", maxLength: 20 }),
      fc.constantFrom("..", "%", "a".repeat(3000), "\u0000", "\u202e", " ", "-", "A_B"),
    );
    arbs.push(
      fc.record(Object.fromEntries(pathParams.map((p) => [p.name, badId]))).map((values) => ({
        kind: "bad path id",
        field: null,
        path: pathWith(values as Record<string, string>),
        query: requiredQuery,
        ...(base.body ? { body: json(base.body), contentType: "application/json" } : {}),
      })),
    );
  }

  // Required query parameters stay present (valid) in the cases that break something else.
  const requiredQuery = validRequiredQuery(op, resolve);
  const queryWith = (name: string, v: string | null): [string, string][] => [
    ...requiredQuery.filter(([n]) => n !== name),
    ...(v === null ? [] : [[name, v] as [string, string]]),
  ];
  for (const q of op.params.filter((p) => p.in === "query")) {
    const s = resolve(q.schema);
    const bad: fc.Arbitrary<string>[] = [fc.constantFrom(...BAD_QUERY_CHARS).map((c) => `a${c}b`)];
    if (s.maxLength !== undefined) bad.push(fc.constant("x".repeat(s.maxLength + 1)));
    if (typesOf(s).some((t) => t === "integer" || t === "number"))
      bad.push(fc.constantFrom(...BAD_INTS), fc.constant(String((s.maximum ?? 1e9) + 1)));
    if (s.enum?.length || s.pattern) bad.push(fc.constantFrom("NOT A VALUE", "../etc", "Ünïcode"));
    arbs.push(
      fc
        .oneof(...bad)
        .map((v) => ({ kind: "bad query value", field: q.name, path: goodPath, query: queryWith(q.name, v) })),
    );
    // Values that fit the pattern but may mean nothing (a date of 9999-99-99): any 4xx, never a 5xx.
    if (s.pattern)
      arbs.push(
        fc
          .stringMatching(new RegExp(s.pattern))
          .map((v) => ({ kind: "pattern-shaped query", field: null, path: goodPath, query: queryWith(q.name, v) })),
      );
    // Repeated and random values: any 4xx, never a 5xx.
    arbs.push(
      fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 })).map(([a, b]) => ({
        kind: "repeated query",
        field: null,
        path: goodPath,
        query: [...queryWith(q.name, a), [q.name, b]] as [string, string][],
      })),
    );
    if (q.required)
      arbs.push(
        fc.constant({ kind: "missing required query", field: q.name, path: goodPath, query: queryWith(q.name, null) }),
      );
  }

  if (op.body && base.body) {
    const b = base.body;
    const props = Object.entries(op.body.properties ?? {}).map(([k, v]) => [k, resolve(v)] as const);
    const withProp = (k: string, v: unknown) => json({ ...b, [k]: v });
    const bodyCase = (kind: string, field: string | null, body: string, extra: Partial<Case> = {}): Case => ({
      kind,
      field,
      path: goodPath,
      query: requiredQuery,
      body,
      contentType: "application/json",
      ...extra,
    });
    for (const [k, s] of props) {
      const wrong = wrongTypeValue(s);
      if (wrong) arbs.push(wrong.map((v) => bodyCase("wrong type", k, withProp(k, v))));
      if (typesOf(s).some((t) => t === "integer" || t === "number")) {
        arbs.push(
          fc
            .constantFrom(1e308, -1e308, 2 ** 53 + 2, -1, 0, 1e-9, -0)
            .map((v) => bodyCase("extreme number", k, withProp(k, v))),
        );
      }
      if (typesOf(s).includes("string") && s.pattern)
        arbs.push(
          fc.stringMatching(new RegExp(s.pattern)).map((v) => bodyCase("pattern-shaped", null, withProp(k, v))),
        );
      if (typesOf(s).includes("string") && (s.pattern || s.format || s.enum)) {
        arbs.push(
          fc.string({ unit: "grapheme", maxLength: 30 }).map((v) => bodyCase("random string", k, withProp(k, v))),
        );
      }
      // A field the spec leaves open (checked by the handler) still gets odd values.
      else arbs.push(fc.anything({ maxDepth: 2, maxKeys: 3 }).map((v) => bodyCase("odd value", k, withProp(k, v))));
      const strings = typesOf(s).includes("string")
        ? s
        : typesOf(s).includes("array") && typesOf(resolve(s.items)).includes("string")
          ? resolve(s.items)
          : null;
      if (strings) {
        const inArray = strings !== s;
        const wrap = (v: string) => (inArray ? [v] : v);
        arbs.push(
          fc
            .tuple(fc.constantFrom(...BAD_CHARS), fc.string({ maxLength: 6 }))
            .map(([c, pad]) => bodyCase("control character", k, withProp(k, wrap(`${pad}${c}${pad}`)))),
        );
        const huge = strings.maxLength !== undefined ? strings.maxLength + 1 : 70_000;
        arbs.push(fc.constant(bodyCase("huge string", k, withProp(k, wrap("x".repeat(huge))))));
      }
    }
    for (const k of op.body.required ?? []) {
      arbs.push(
        fc.constant(
          bodyCase(
            "missing required field",
            k,
            json(Object.fromEntries(Object.entries(b).filter(([key]) => key !== k))),
          ),
        ),
      );
    }
    arbs.push(
      fc
        .stringMatching(/^[a-z][a-z_]{2,12}$/)
        .filter((k) => !(k in (op.body?.properties ?? {})))
        .map((k) => bodyCase("unknown field", `zz_${k}`, withProp(`zz_${k}`, 1))),
    );
    // Shapes that exhaust recursion (SHAPES below), as the whole body or inside a field of a valid one.
    const inField = (k: string, inner: string) =>
      `${json(b).slice(0, -1)}${Object.keys(b).length ? "," : ""}"${k}":${inner}}`;
    arbs.push(
      fc.tuple(fc.constantFrom(...SHAPES), fc.constantFrom(null, ...props.map(([k]) => k))).map(([shape, k]) =>
        bodyCase(
          `shape: ${shape.kind}`,
          null,
          shape.body((inner) => (k === null ? inner : inField(k, inner))),
          {
            status: 400,
          },
        ),
      ),
    );
    arbs.push(
      fc
        .constantFrom("[]", "1", '"text"', "null", "{", '{"a":', "\u0000")
        .map((body) => bodyCase("not an object", null, body)),
    );
    arbs.push(
      fc
        .constantFrom(
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/xml",
          null,
        )
        .map((contentType) => bodyCase("wrong content type", null, json(b), { contentType, status: 415 })),
    );
  }
  if (arbs.length === 0)
    arbs.push(
      fc.constant({
        kind: "junk query",
        field: null,
        path: goodPath,
        query: [...requiredQuery, ["zz_unknown", "\u00e9"]] as [string, string][],
      }),
    );
  return fc.oneof(...arbs);
}

/** Values for the required query parameters that pass their schema (length, pattern). */
function validRequiredQuery(op: Op, resolve: (s: Schema | undefined) => Schema): [string, string][] {
  return op.params
    .filter((p) => p.in === "query" && p.required)
    .map((p) => {
      const s = resolve(p.schema);
      const v = s.pattern
        ? (fc.sample(fc.stringMatching(new RegExp(s.pattern)), { seed: 1, numRuns: 1 })[0] ?? "fuzz")
        : "fuzz".padEnd(Math.max(4, s.minLength ?? 0), "z");
      return [p.name, v] as [string, string];
    });
}

async function send(op: Op, c: Case): Promise<{ status: number; text: string }> {
  const qs = c.query.length ? `?${new URLSearchParams(c.query).toString()}` : "";
  const headers: Record<string, string> = {};
  if (c.contentType) headers["content-type"] = c.contentType;
  const res = await api(`${c.path}${qs}`, {
    method: op.method,
    headers,
    ...(c.body !== undefined ? { body: c.body } : {}),
  });
  return { status: res.status, text: await res.text() };
}

/** A 400 names the field when the message or the details mention it. */
const namesField = (text: string, field: string) => text.includes(field);

async function validBase(
  op: Op,
  resolve: (s: Schema | undefined) => Schema,
  seed: number,
): Promise<{ body: Record<string, unknown> | null; pathValues: Record<string, string>; note: string }> {
  const pathValues: Record<string, string> = {};
  for (const p of op.params.filter((x) => x.in === "path")) {
    const s = resolve(p.schema);
    pathValues[p.name] = s.pattern ? "fuzz-missing" : "fuzz_missing";
  }
  if (!op.body) return { body: null, pathValues, note: "" };
  const optional = Object.keys(op.body.properties ?? {}).filter((k) => !(op.body?.required ?? []).includes(k));
  // Required fields only first; then with one optional field (a PATCH needs at least one).
  let last = "";
  for (const extra of [[], ...optional.map((k) => [k])]) {
    for (const [i, body] of fc
      .sample(objectOf(op.body, resolve, extra), { seed: seed + extra.length, numRuns: 5 })
      .entries()) {
      const path = op.path.replace(/\{(\w+)\}/g, (_m, k: string) => pathValues[k] ?? "x");
      const required = validRequiredQuery(op, resolve);
      const res = await send(op, {
        kind: "base",
        field: null,
        path,
        query: required,
        body: JSON.stringify(body),
        contentType: "application/json",
      });
      if (res.status !== 400) return { body, pathValues, note: `base try ${i}: ${res.status}` };
      last = `${JSON.stringify(body)} -> ${res.text.slice(0, 200)}`;
    }
  }
  throw new Error(
    `${op.name}: could not build a body that passes validation from the spec (give its required fields an example); last try ${last}`,
  );
}

describe("API fuzz (every operation in /openapi.json)", () => {
  it("answers bad input with a 4xx naming the field, never a 5xx", { timeout: 240_000 }, async () => {
    const spec = (await (await api("/openapi.json")).json()) as Spec;
    const resolve = resolver(spec);
    const ops = operations(spec);
    expect(ops.length).toBeGreaterThan(20);
    const kinds = new Map<string, number>();
    let cases = 0;
    const started = Date.now();
    const failures: string[] = [];
    for (const [i, op] of ops.entries()) {
      const seed = FUZZ_SEED + i;
      const base = await validBase(op, resolve, seed);
      // Every operation runs even when an earlier one failed, so one run lists every problem.
      await fc
        .assert(
          fc.asyncProperty(casesFor(op, base, resolve), async (c) => {
            const res = await send(op, c);
            cases++;
            kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
            const where = `${op.name} [${c.kind}${c.field ? ` ${c.field}` : ""}] (seed ${seed}) -> ${res.status} ${res.text.slice(0, 300)}`;
            if (res.status >= 500) throw new Error(`5xx: ${where}`);
            if (c.status !== undefined && res.status !== c.status) throw new Error(`expected ${c.status}: ${where}`);
            if (c.field !== null && res.status === 400 && !namesField(res.text, c.field))
              throw new Error(`400 does not name '${c.field}': ${where}`);
            if (
              c.field !== null &&
              res.status >= 200 &&
              res.status < 300 &&
              !["bad query value", "wrong type", "odd value", "extreme number", "random string"].includes(c.kind)
            )
              throw new Error(`accepted: ${where}`);
          }),
          { seed, numRuns: RUNS_PER_OPERATION },
        )
        .catch((err: unknown) =>
          failures.push(String(err instanceof Error ? (err.cause ?? err.message) : err).split("\n")[0] ?? ""),
        );
    }
    for (const f of failures) console.log(`api fuzz FAILED ${f}`);
    console.log(
      `api fuzz: ${ops.length} operations, ${cases} cases in ${Math.round((Date.now() - started) / 1000)} s (seed ${FUZZ_SEED}); ${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}; ${failures.length} operations failed`,
    );
    expect(failures).toEqual([]);
  });
});

// Shapes that exhaust recursion (issue 25): every body-taking operation in the spec and /mcp gets
// each one, not a sample. 20,000 levels of arrays is 40 KB, under the 64 KB body limit; objects
// nest 10,000 deep in 60 KB. The answer must be a 400 that names the problem, never a 5xx.
const DEPTH = 20_000;
const deepArrays = "[".repeat(DEPTH) + "]".repeat(DEPTH);
const deepObjects = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
// Brackets inside strings are not nesting: this body is 2 levels deep and must pass the depth check.
const bracketsInStrings = JSON.stringify({ topic: `${"[{".repeat(500)}\\"${"]}".repeat(500)}` });
const hugeArray = `[${Array(20_000).fill("0").join(",")}]`;
const longKey = JSON.stringify({ ["k".repeat(5_000)]: 1 });
const manyFields = JSON.stringify(Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`f${i}`, 0])));

const SHAPES: { kind: string; body: (wrap: (inner: string) => string) => string; message: RegExp }[] = [
  { kind: "deep arrays", body: (w) => w(deepArrays), message: /nested deeper than 64 levels/ },
  { kind: "deep objects", body: (w) => w(deepObjects), message: /nested deeper than 64 levels/ },
  { kind: "huge array", body: (w) => w(hugeArray), message: /an array of 20000 items, over the limit of 10000/ },
  { kind: "long key", body: (w) => w(longKey), message: /a field name of 5000 characters, over the limit of 200/ },
  { kind: "many fields", body: (w) => w(manyFields), message: /an object of 2000 fields, over the limit of 1000/ },
];

function bodyOperations(spec: Spec): { name: string; method: string; path: string }[] {
  const out: { name: string; method: string; path: string }[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    if (path.startsWith("/fake-threads")) continue;
    for (const method of Object.keys(item)) {
      if (!["post", "put", "patch", "delete"].includes(method)) continue;
      const concrete = path.replace(/\{(\w+)\}/g, "fuzz-missing");
      out.push({ name: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path: concrete });
    }
  }
  return out;
}

describe("input shape limits (every body-taking operation in /openapi.json, and /mcp)", () => {
  it("answers 20,000 levels of nesting, a 20,000-item array, a 5,000-character key and a 2,000-field object with a 400 naming it", {
    timeout: 120_000,
  }, async () => {
    const spec = (await (await api("/openapi.json")).json()) as Spec;
    const ops = bodyOperations(spec);
    expect(ops.length).toBeGreaterThan(15);
    expect(ops.some((o) => o.path === "/mcp")).toBe(true);
    const failures: string[] = [];
    for (const op of ops) {
      const isMcp = op.path === "/mcp";
      // /mcp gets the shape inside a real JSON-RPC tool call, where the SDK would walk it.
      const wrap = isMcp
        ? (inner: string) =>
            `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"draft_post","arguments":{"persona_id":"x","topic":${inner}}}}`
        : (inner: string) => inner;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (isMcp) headers.accept = "application/json, text/event-stream";
      for (const shape of SHAPES) {
        const res = await api(op.path, { method: op.method, headers, body: shape.body(wrap) });
        const text = await res.text();
        const where = `${op.name} [${shape.kind}] -> ${res.status} ${text.slice(0, 200)}`;
        if (res.status !== 400 || !shape.message.test(text)) failures.push(where);
        else if (isMcp && !text.includes('"code":-32700')) failures.push(`not a JSON-RPC parse error: ${where}`);
        else if (!isMcp && !text.includes('"code":"bad_request"')) failures.push(`not bad_request: ${where}`);
      }
      // Brackets inside a string are text, not depth: never refused as nesting.
      if (!isMcp) {
        const res = await api(op.path, { method: op.method, headers, body: bracketsInStrings });
        const text = await res.text();
        if (res.status >= 500 || /nested deeper/.test(text))
          failures.push(`${op.name} [brackets in strings] -> ${res.status} ${text.slice(0, 200)}`);
      }
    }
    for (const f of failures) console.log(`input limits FAILED ${f}`);
    expect(failures).toEqual([]);
  });
});
