import { z } from "zod";

// The kinds of setting the registry (registry.ts) is made of. Each builder returns one entry: the
// zod parser for the env var's text, its default, its range or values, and what the docs table
// (docs.ts) shows. Blank strings mean "unset", as wrangler.toml writes empty vars. A parser never
// throws on bad input: it reports an issue whose message names the setting, and the setting keeps
// its default (parse.ts).

export const SECTIONS = {
  platform: "Platform",
  generation: "Generation",
  queue: "Queues and retries",
  limits: "Limits",
  research: "Research",
  dedup: "De-duplication",
  publishing: "Publishing",
  recovery: "Recovery",
  conversations: "Conversations",
  experiments: "Experiments and the quality gate",
  history: "History import and best times",
  sources: "Sources and retrieval",
  observability: "Observability",
} as const;
export type Section = keyof typeof SECTIONS;

/** What the production and local rules look at: the choices made after parsing (resolve.ts). */
export interface Choices {
  llmProvider: string;
  embeddingProvider: string;
  secondOpinion: string;
  vectorIndex: string;
  apiRateLimit: boolean;
  /** The fake Threads API is mounted, or the API base points at one. */
  fakeThreads: boolean;
  redirectUri: string | null;
}

/** A rule on the resolved choices: the problem's message, or null when the rule holds. */
export type Rule = (c: Choices) => string | null;

/** What every entry carries, whatever its kind. */
interface Doc {
  section: Section;
  description: string;
  /** The default as the docs table shows it when the value alone says too little (or is derived). */
  shownDefault?: string;
  /** A secret's bad value is never echoed, and the table marks it. */
  secret?: boolean;
  /** With ENVIRONMENT=production: a local stand-in is a problem. */
  production?: Rule;
  /** Outside production: a provider with no local simulator is a problem. */
  local?: Rule;
}

export interface Range {
  min: number;
  max: number;
  integer?: boolean;
}

export type Entry<T = unknown, D extends T | null = T | null> = Doc & {
  kind: "number" | "enum" | "url" | "text" | "flag" | "json" | "external";
  /** Parses the env value to T, or to undefined when unset; an invalid value is an issue. */
  schema: z.ZodType<T | undefined>;
  /** null: no fixed default (derived after parsing, or "unset"). */
  default: D;
  range?: Range;
  values?: readonly string[];
};

/** The trimmed value, or null when unset or blank. */
export const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
const blank = (v: unknown) => str(v) ?? undefined;

/** A number in range; the message names the setting, the bad value and the fallback. */
export function num<D extends number | null>(name: string, d: Doc & { default: D; range: Range }): Entry<number, D> {
  const { range } = d;
  const schema = z.preprocess(
    blank,
    z
      .string()
      .transform((raw, ctx) => {
        const n = Number(raw);
        const ok = range.integer ? Number.isInteger(n) : Number.isFinite(n);
        if (ok && n >= range.min && n <= range.max) return n;
        ctx.addIssue({
          code: "custom",
          message: `${name} must be ${range.integer ? "an integer" : "a number"} between ${range.min} and ${range.max}; got '${raw}', using ${d.default ?? "the default"}`,
        });
        return z.NEVER;
      })
      .optional(),
  );
  return { ...d, kind: "number", schema };
}

/** One of `values`; `fallbackText` says what a bad value falls back to (the default, or a derived choice). */
export function oneOf<const T extends readonly [string, ...string[]], D extends T[number] | null>(
  name: string,
  values: T,
  d: Doc & { default: D; fallbackText?: string },
): Entry<T[number], D> {
  const fallback = d.fallbackText ?? String(d.default);
  const schema = z.preprocess(
    blank,
    z
      .enum(values, { error: (iss) => `${name} '${String(iss.input)}' is not ${values.join("|")}; using ${fallback}` })
      .optional(),
  );
  return { ...d, kind: "enum", values, schema: schema as z.ZodType<T[number] | undefined> };
}

/** An http(s) URL (https only for a secret, whose bad value is not shown). */
export function url<D extends string | null>(name: string, d: Doc & { default: D }): Entry<string, D> {
  const rule = d.secret
    ? z.string().regex(/^https:\/\/\S+$/i, `${name} must be an https URL (value not shown: it is a secret)`)
    : z
        .string()
        .regex(/^https?:\/\/\S+$/i, { error: (iss) => `${name} must be an http(s) URL; got '${String(iss.input)}'` });
  return { ...d, kind: "url", schema: z.preprocess(blank, rule.optional()) };
}

export function text<D extends string | null>(d: Doc & { default: D }): Entry<string, D> {
  return { ...d, kind: "text", schema: z.preprocess(blank, z.string().optional()) };
}

/** Text in a small syntax of its own: `problem` returns what is wrong with it (naming the setting), or null. */
export function checked<D extends string>(
  d: Doc & { default: D; problem: (raw: string) => string | null },
): Entry<string, D> {
  const { problem, ...doc } = d;
  const schema = z.preprocess(
    blank,
    z
      .string()
      .transform((raw, ctx) => {
        const why = problem(raw);
        if (why === null) return raw;
        ctx.addIssue({ code: "custom", message: `${why}; using ${d.default}` });
        return z.NEVER;
      })
      .optional(),
  );
  return { ...doc, kind: "text", schema };
}

/** 1|true|yes|on (any case) is true; anything else set is false. */
export function flag(d: Doc & { default: boolean }): Entry<boolean, boolean> {
  const schema = z.preprocess(
    blank,
    z
      .string()
      .transform((v) => /^(1|true|yes|on)$/i.test(v))
      .optional(),
  );
  return { ...d, kind: "flag", schema };
}

/** JSON text parsed by `shape`; `example` shows the expected shape in the problem message. */
export function json<T extends z.ZodType, D extends z.output<T> | null>(
  name: string,
  shape: T,
  example: string,
  d: Doc & { default: D },
): Entry<z.output<T>, D> {
  const schema = z.preprocess(
    blank,
    z
      .string()
      .transform((raw, ctx) => {
        let value: unknown;
        try {
          value = JSON.parse(raw);
        } catch {
          ctx.addIssue({
            code: "custom",
            message: `${name} is not valid JSON; expected e.g. ${example}; using the default`,
          });
          return z.NEVER;
        }
        const parsed = shape.safeParse(value);
        if (parsed.success) return parsed.data as z.output<T>;
        const why = parsed.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join(", ");
        ctx.addIssue({
          code: "custom",
          message: `${name} does not match; ${why}; expected e.g. ${example}; using the default`,
        });
        return z.NEVER;
      })
      .optional(),
  );
  return { ...d, kind: "json", schema };
}

/**
 * A setting read by something other than the Worker's settings (the API key check, token
 * encryption, the fake Threads API, `npm start`): documented here so the table is complete, not
 * parsed, so its reader's behaviour is unchanged.
 */
export function external(d: Doc & { shownDefault: string }): Entry<never, null> {
  return { ...d, kind: "external", default: null, schema: z.unknown().transform(() => undefined) };
}

// biome-ignore lint/suspicious/noExplicitAny: any entry, whatever its value type
export type AnyEntry = Entry<any, any>;
/** The value an entry parses to once its default is applied (null: unset with no fixed default). */
export type ValueOf<E extends AnyEntry> = E["default"] extends null
  ? Exclude<z.output<E["schema"]>, undefined> | null
  : Exclude<z.output<E["schema"]>, undefined>;
