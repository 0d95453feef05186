import type { Db } from "../db/client.ts";
import { addSpend, spentOn } from "../db/llm-spend.ts";
import { DAY_MS, utcDate } from "../kpis/stats.ts";
import { PipelineHalt } from "../pipeline/halt.ts";

// The hard daily LLM budget (DAILY_LLM_BUDGET_USD). Spend is counted per UTC day in D1
// (llm_spend) after every billed call and read before the next one, so generation stops once
// the day's total reaches the budget; it can overshoot only by calls already in flight.
// A task that meets the reached budget fails with a clear reason (it does not wait: a queue
// delay tops out at 12 h and burns retries), and POST /v1/tasks answers 429 until 00:00 UTC.

export const usd = (n: number): string => `$${n.toFixed(2)}`;

/** Seconds from `now` to the next 00:00 UTC, when the day's budget starts again. */
export const secondsUntilNextUtcDay = (now: number): number => Math.max(1, Math.ceil((DAY_MS - (now % DAY_MS)) / 1000));

export const budgetReachedMessage = (budgetUsd: number, spentUsd: number): string =>
  `daily LLM budget of ${usd(budgetUsd)} reached (${usd(spentUsd)} spent today, UTC); generation resumes at 00:00 UTC or when DAILY_LLM_BUDGET_USD is raised`;

/** Throws (ending the task as failed) when today's spend has reached the budget. */
export async function assertWithinBudget(db: Db, budgetUsd: number, now: number): Promise<void> {
  const spent = await spentOn(db, utcDate(now));
  if (spent >= budgetUsd) {
    throw new PipelineHalt("failed", budgetReachedMessage(budgetUsd, spent), {
      check: "daily_llm_budget",
      budget_usd: budgetUsd,
      spent_usd: spent,
    });
  }
}

export async function recordSpend(db: Db, costUsd: number, now: number): Promise<void> {
  if (costUsd > 0) await addSpend(db, utcDate(now), costUsd, now);
}
