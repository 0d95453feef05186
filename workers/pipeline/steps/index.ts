import type { Step, StepName } from "../types.ts";
import { dedup } from "./dedup.ts";
import { format } from "./format.ts";
import { guardrail } from "./guardrail.ts";
import { score } from "./score.ts";
import { ingest } from "./ingest.ts";
import { store } from "./store.ts";
import { trendResearch } from "./trend-research.ts";
import { retrieve } from "./retrieve.ts";
import { body, hook } from "./write.ts";

export const STEPS: { [N in StepName]: Step<N> } = {
  ingest,
  trend_research: trendResearch,
  retrieve,
  hook,
  body,
  guardrail,
  format,
  score,
  dedup,
  store,
};
