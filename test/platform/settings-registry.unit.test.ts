import { describe, expect, it } from "vitest";
import readme from "../../README.md?raw";
import { type AnyEntry, SECTIONS } from "../../workers/settings/define.ts";
import {
  namedSettingsTable,
  restatedDefaults,
  settingsTable,
  withGeneratedTables,
  withSettingsTable,
} from "../../workers/settings/docs.ts";
import { parseEnv } from "../../workers/settings/parse.ts";
import { REGISTRY } from "../../workers/settings/registry.ts";
import { settings } from "../../workers/settings/index.ts";

// Each setting is declared once, in the registry; these hold every entry to what the rest relies on.
const entries = Object.entries(REGISTRY) as [string, AnyEntry][];

describe("the settings registry", () => {
  it("every entry has a section, a description and a default within its range or values", () => {
    expect(entries.length).toBeGreaterThan(50);
    for (const [name, e] of entries) {
      expect(Object.keys(SECTIONS), name).toContain(e.section);
      expect(e.description.trim().length, name).toBeGreaterThan(10);
      if (e.range && e.default !== null) {
        expect(e.default, name).toBeGreaterThanOrEqual(e.range.min);
        expect(e.default, name).toBeLessThanOrEqual(e.range.max);
        if (e.range.integer) expect(Number.isInteger(e.default), name).toBe(true);
      }
      if (e.values && e.default !== null) expect(e.values, name).toContain(e.default);
      // A default with no fixed value is derived or "unset": the table must say which.
      if (e.default === null && e.kind !== "text" && e.kind !== "url") expect(e.shownDefault, name).toBeDefined();
    }
  });

  it("each default parses back to itself: the default is a value the parser accepts", () => {
    for (const [name, e] of entries) {
      if (e.default === null || e.kind === "external") continue;
      const text = typeof e.default === "object" ? JSON.stringify(e.default) : String(e.default);
      const { values, problems } = parseEnv({ [name]: text });
      expect(problems, name).toEqual([]);
      expect(values[name as keyof typeof values], name).toEqual(e.default);
    }
  });

  it("an empty env resolves to the registry defaults", () => {
    const s = settings({});
    expect(s.limits.dailyLlmBudgetUsd).toBe(REGISTRY.DAILY_LLM_BUDGET_USD.default);
    expect(s.recovery.taskStaleAfterMs).toBe(REGISTRY.TASK_STALE_AFTER_SECONDS.default * 1000);
    expect(s.experiments.qualityThreshold).toBe(REGISTRY.QUALITY_THRESHOLD.default);
    expect(s.observability.metricsFlushMs).toBe(REGISTRY.METRICS_FLUSH_SECONDS.default * 1000);
  });

  it("the README's settings table is the one the registry renders (run npm run docs:settings)", () => {
    expect(withSettingsTable(readme)).toBe(readme);
    for (const [name] of entries) expect(settingsTable(), name).toContain(`\`${name}\``);
  });

  const docs = import.meta.glob("../../docs/*.md", { query: "?raw", import: "default", eager: true }) as Record<
    string,
    string
  >;

  it("every doc's settings tables are the registry's (run npm run docs:settings), and no doc restates a default by hand", () => {
    expect(Object.keys(docs).length).toBeGreaterThan(10);
    for (const [file, text] of [["README.md", readme] as const, ...Object.entries(docs)]) {
      expect(withGeneratedTables(text), file).toBe(text);
      expect(restatedDefaults(text), `${file}: say "see the settings table" instead of the value`).toEqual([]);
    }
    expect(Object.values(docs).some((d) => d.includes("<!-- settings: EXPERIMENT_ALPHA"))).toBe(true);
  });

  it("finds a default restated by hand, in prose or a hand-written table, but not the generated tables", () => {
    const generated = `<!-- settings: DAILY_LLM_BUDGET_USD -->\n${namedSettingsTable(["DAILY_LLM_BUDGET_USD"])}\n<!-- /settings -->`;
    const doc = [
      "Spend stops at `DAILY_LLM_BUDGET_USD` (default 5) per day.",
      "| `METRICS_FLUSH_SECONDS` | `10` | how often |",
      "Polls after `THREADS_CONTAINER_FIRST_CHECK_SECONDS` (30 s).",
      "Set `QUEUE_RETRY_BASE_SECONDS`, which defaults to 2.",
      "`FAKE_THREADS_FAULT_RATE=0.2` in .dev.vars is an example, not a default.",
      "The limit is `MAX_QUEUED_TASKS_PER_PERSONA` = 100.",
      "| alert | `DAILY_LLM_BUDGET_USD` | `…:<day>` |",
      "Read `EXPERIMENT_ALPHA` in the settings table.",
      generated,
    ].join("\n");
    expect(restatedDefaults(doc)).toEqual([
      "1: DAILY_LLM_BUDGET_USD",
      "2: METRICS_FLUSH_SECONDS",
      "3: THREADS_CONTAINER_FIRST_CHECK_SECONDS",
      "4: QUEUE_RETRY_BASE_SECONDS",
      "6: MAX_QUEUED_TASKS_PER_PERSONA",
    ]);
    expect(() => namedSettingsTable(["NO_SUCH_SETTING"])).toThrow(/NO_SUCH_SETTING/);
  });
});
