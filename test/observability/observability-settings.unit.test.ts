import { describe, expect, it } from "vitest";
import { alertConfig, DEFAULT_ALERT_CONFIG } from "../../workers/alerts/config.ts";
import { parseKpiWindow } from "../../workers/kpis/window.ts";
import { settings } from "../../workers/settings/index.ts";

describe("observability settings", () => {
  it("parses the KPI window parameter strictly", () => {
    expect(parseKpiWindow(undefined)).toBe(7);
    expect(parseKpiWindow("30d")).toBe(30);
    expect(() => parseKpiWindow("90d")).toThrow(/window/);
  });

  it("reads thresholds and the revenue model from env, with defaults", () => {
    const s = settings({
      DAILY_LLM_BUDGET_USD: "12.5",
      ALERT_P95_LATENCY_SECONDS: "nonsense",
      REVENUE_MODEL: '{"kind":"conversion","conversion_rate":0.02,"price_usd":9,"basis":"new_followers"}',
    });
    const o = { revenueModel: s.observability.revenueModel, alertConfig: alertConfig(s) };
    expect(o.alertConfig.dailyLlmBudgetUsd).toBe(12.5);
    expect(o.alertConfig.p95LatencySeconds).toBe(DEFAULT_ALERT_CONFIG.p95LatencySeconds);
    expect(o.revenueModel).toEqual({ kind: "conversion", conversion_rate: 0.02, price_usd: 9, basis: "new_followers" });
    expect(o.alertConfig.revenueModel).toEqual(o.revenueModel);
    // A bad model is a reported problem with the default in force, not an exception (no 500s).
    expect(settings({ REVENUE_MODEL: '{"kind":"magic"}' }).observability.revenueModel).toEqual(
      DEFAULT_ALERT_CONFIG.revenueModel,
    );
  });
});
