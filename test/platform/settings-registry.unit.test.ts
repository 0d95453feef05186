import { describe, expect, it } from "vitest";
import readme from "../../README.md?raw";
import { type AnyEntry, SECTIONS } from "../../workers/settings/define.ts";
import { settingsTable, withSettingsTable } from "../../workers/settings/docs.ts";
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
});
