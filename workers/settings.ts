import { z } from "zod";
import { DEFAULT_REVENUE_MODEL, revenueModelSchema } from "./kpis/revenue.ts";

// THE settings schema: every env var the Worker reads (wrangler [vars], secrets), parsed by one
// zod object, once per env object (a Worker isolate keeps one env). An invalid value never throws
// and never makes a route answer 500: its field falls back to the default and the problem is
// listed in `problems`, which /health/ready reports. README "Settings" documents each name.
// Module accessors (loadConfig, loadPublishingSettings, alertConfigFromEnv, …) read from here.

export type Vars = Partial<Record<string, unknown>>;

/** The trimmed value, or null when unset or blank. */
export const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);

interface Range {
  min: number;
  max: number;
  integer?: boolean;
}

// Blank strings mean "unset", as wrangler.toml writes empty vars.
const blank = (v: unknown) => str(v) ?? undefined;

/** A number in range, or the default; the message names the setting, the bad value and the fallback. */
function num(name: string, fallback: number | null, range: Range) {
  return z.preprocess(
    blank,
    z
      .string()
      .transform((raw, ctx) => {
        const n = Number(raw);
        const ok = range.integer ? Number.isInteger(n) : Number.isFinite(n);
        if (ok && n >= range.min && n <= range.max) return n;
        ctx.addIssue({
          code: "custom",
          message: `${name} must be ${range.integer ? "an integer" : "a number"} between ${range.min} and ${range.max}; got '${raw}', using ${fallback ?? "the default"}`,
        });
        return z.NEVER;
      })
      .optional(),
  );
}

function oneOf<const T extends readonly [string, ...string[]]>(name: string, values: T, fallbackText: string) {
  return z.preprocess(
    blank,
    z
      .enum(values, {
        error: (iss) => `${name} '${String(iss.input)}' is not ${values.join("|")}; using ${fallbackText}`,
      })
      .optional(),
  );
}

const httpUrl = (name: string) =>
  z.preprocess(
    blank,
    z
      .string()
      .regex(/^https?:\/\/\S+$/i, { error: (iss) => `${name} must be an http(s) URL; got '${String(iss.input)}'` })
      .optional(),
  );

const text = () => z.preprocess(blank, z.string().optional());

/** JSON text parsed by `schema`; `example` shows the expected shape in the problem message. */
function json<T extends z.ZodType>(name: string, schema: T, example: string) {
  return z.preprocess(
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
        const parsed = schema.safeParse(value);
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
}

const flag = () =>
  z.preprocess(
    blank,
    z
      .string()
      .transform((v) => /^(1|true|yes|on)$/i.test(v))
      .optional(),
  );

const modelPrices = z.record(
  z.string(),
  z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }),
);

export const envSchema = z.object({
  ENVIRONMENT: oneOf("ENVIRONMENT", ["development", "production"], "development"),
  // Generation
  LLM_PROVIDER: oneOf("LLM_PROVIDER", ["auto", "offline", "openai", "workers-ai"], "auto"),
  OPENAI_API_KEY: text(),
  OPENAI_BASE_URL: httpUrl("OPENAI_BASE_URL"),
  HOOK_MODEL: text(),
  BODY_MODEL: text(),
  MODEL_PRICES: json("MODEL_PRICES", modelPrices, '{"gpt-4o":{"input":2.5,"output":10}} (USD per 1M tokens)'),
  OFFLINE_LLM_FAULT_RATE: num("OFFLINE_LLM_FAULT_RATE", 0, { min: 0, max: 1 }),
  OFFLINE_LLM_LATENCY_MS: num("OFFLINE_LLM_LATENCY_MS", 0, { min: 0, max: 60_000 }),
  QUEUE_RETRY_BASE_SECONDS: num("QUEUE_RETRY_BASE_SECONDS", 2, { min: 0, max: 3600 }),
  QUEUE_RETRY_MAX_SECONDS: num("QUEUE_RETRY_MAX_SECONDS", 300, { min: 0, max: 43_200 }),
  // Limits
  API_RATE_LIMIT: oneOf("API_RATE_LIMIT", ["on", "off"], "on"),
  DAILY_LLM_BUDGET_USD: num("DAILY_LLM_BUDGET_USD", 5, { min: 0.01, max: 1_000_000 }),
  MAX_QUEUED_TASKS_PER_PERSONA: num("MAX_QUEUED_TASKS_PER_PERSONA", 100, { min: 1, max: 100_000, integer: true }),
  // Research
  SEARCH_PROVIDER: oneOf("SEARCH_PROVIDER", ["auto", "searxng", "offline"], "auto"),
  SEARXNG_URL: httpUrl("SEARXNG_URL"),
  SEARCH_TIMEOUT_MS: num("SEARCH_TIMEOUT_MS", 8000, { min: 100, max: 60_000, integer: true }),
  SEARXNG_CATEGORIES: text(),
  SEARCH_LANGUAGE: text(),
  SEARCH_CACHE_TTL_SECONDS: num("SEARCH_CACHE_TTL_SECONDS", 3600, { min: 0, max: 7 * 86_400, integer: true }),
  SEARCH_STALE_MAX_SECONDS: num("SEARCH_STALE_MAX_SECONDS", 7 * 86_400, { min: 0, max: 90 * 86_400, integer: true }),
  // De-duplication
  EMBEDDING_PROVIDER: oneOf("EMBEDDING_PROVIDER", ["offline", "openai", "workers-ai"], "the offline embedder"),
  EMBEDDING_MODEL: text(),
  // Vectorize stores at most 1536 dimensions (https://developers.cloudflare.com/vectorize/platform/limits/).
  EMBEDDING_DIMENSIONS: num("EMBEDDING_DIMENSIONS", null, { min: 1, max: 1536, integer: true }),
  VECTOR_INDEX: oneOf("VECTOR_INDEX", ["local", "vectorize"], "local"),
  DEDUP_THRESHOLD: num("DEDUP_THRESHOLD", null, { min: 0, max: 1 }),
  DEDUP_WINDOW_DAYS: num("DEDUP_WINDOW_DAYS", 90, { min: 1, max: 3650 }),
  // Publishing
  THREADS_API_BASE: httpUrl("THREADS_API_BASE"),
  FAKE_THREADS_ENABLED: flag(),
  THREADS_APP_ID: text(),
  THREADS_APP_SECRET: text(),
  THREADS_REDIRECT_URI: httpUrl("THREADS_REDIRECT_URI"),
  AUTOPILOT_LEAD_MINUTES: num("AUTOPILOT_LEAD_MINUTES", 120, { min: 1, max: 7 * 1440 }),
  // Container checks (docs/publishing.md; Meta: ~30 s, then once a minute, up to 5 minutes); fractions allowed.
  THREADS_CONTAINER_FIRST_CHECK_SECONDS: num("THREADS_CONTAINER_FIRST_CHECK_SECONDS", 30, { min: 0, max: 3600 }),
  THREADS_CONTAINER_CHECK_EVERY_SECONDS: num("THREADS_CONTAINER_CHECK_EVERY_SECONDS", 60, { min: 0, max: 3600 }),
  THREADS_CONTAINER_MAX_WAIT_SECONDS: num("THREADS_CONTAINER_MAX_WAIT_SECONDS", 300, { min: 0, max: 86_400 }),
  THREADS_CONTAINER_INLINE_WAIT_SECONDS: num("THREADS_CONTAINER_INLINE_WAIT_SECONDS", 2, { min: 0, max: 30 }),
  // Stale requeues (every-minute cron): work untouched this long has lost its queue message.
  TASK_STALE_AFTER_SECONDS: num("TASK_STALE_AFTER_SECONDS", 900, { min: 10, max: 86_400 }),
  PUBLISHING_STALE_AFTER_SECONDS: num("PUBLISHING_STALE_AFTER_SECONDS", 900, { min: 10, max: 86_400 }),
  // Experiments and the quality gate (docs/experiments.md)
  EXPERIMENT_ALPHA: num("EXPERIMENT_ALPHA", 0.05, { min: 0.001, max: 0.2 }),
  EXPERIMENT_TUNING_POSTS: num("EXPERIMENT_TUNING_POSTS", 100, { min: 10, max: 100_000, integer: true }),
  EXPERIMENT_MAX_POSTS_PER_ARM: num("EXPERIMENT_MAX_POSTS_PER_ARM", 200, { min: 10, max: 100_000, integer: true }),
  EXPERIMENT_MDE: num("EXPERIMENT_MDE", 0.1, { min: 0.01, max: 1 }),
  EXPERIMENT_MIN_POSTS_PER_ARM: num("EXPERIMENT_MIN_POSTS_PER_ARM", 20, { min: 2, max: 10_000, integer: true }),
  EXPERIMENT_WINDOW_HOURS: num("EXPERIMENT_WINDOW_HOURS", 24, { min: 1, max: 720, integer: true }),
  BANDIT_MIN_ARM_WEIGHT: num("BANDIT_MIN_ARM_WEIGHT", 0.05, { min: 0, max: 0.5 }),
  HOOK_FATIGUE_MAX_PER_WEEK: num("HOOK_FATIGUE_MAX_PER_WEEK", 5, { min: 0, max: 1000, integer: true }),
  QUALITY_THRESHOLD: num("QUALITY_THRESHOLD", 0.35, { min: 0, max: 1 }),
  // Observability
  REVENUE_MODEL: json("REVENUE_MODEL", revenueModelSchema, JSON.stringify(DEFAULT_REVENUE_MODEL)),
  ALERT_P95_LATENCY_SECONDS: num("ALERT_P95_LATENCY_SECONDS", 120, { min: 0.001, max: 86_400 }),
  ALERT_FAILURE_RATE: num("ALERT_FAILURE_RATE", 0.1, { min: 0.0001, max: 1 }),
  // A secret: a bad value is reported without echoing it.
  SLACK_WEBHOOK_URL: z.preprocess(
    blank,
    z
      .string()
      .regex(/^https:\/\/\S+$/i, "SLACK_WEBHOOK_URL must be an https URL (value not shown: it is a secret)")
      .optional(),
  ),
  PAGERDUTY_ROUTING_KEY: text(),
  DASHBOARD_URL: httpUrl("DASHBOARD_URL"),
  // Counters buffered per isolate reach D1 at most this often (docs/observability.md); 0 = every invocation.
  METRICS_FLUSH_SECONDS: num("METRICS_FLUSH_SECONDS", 10, { min: 0, max: 300 }),
});

export type RawSettings = z.output<typeof envSchema>;

/**
 * Parses every setting; each invalid one is reported and dropped (so its default applies) and
 * the rest parse again. Secrets are never echoed: their problems name the setting only.
 */
export function parseEnv(env: object): { values: RawSettings; problems: string[] } {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(envSchema.shape)) input[key] = (env as Vars)[key];
  const problems: string[] = [];
  for (;;) {
    const parsed = envSchema.safeParse(input);
    if (parsed.success) return { values: parsed.data, problems };
    const bad = new Set<string>();
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      if (bad.has(key)) continue;
      bad.add(key);
      problems.push(issue.message);
    }
    for (const key of bad) delete input[key];
  }
}
