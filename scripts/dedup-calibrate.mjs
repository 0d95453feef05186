// `npm run dedup:calibrate [-- --url <base>]`
// Calibrates the configured embedder's dedup threshold on a running instance (npm start, or a
// deployment with --url): POST /v1/dedup/calibrate measures it on the shipped labelled pairs for
// DEDUP_TARGET_PRECISION and stores it. Run it after changing the embedder or the target (the first
// dedup check does it too); hosted embedders are called through their real adapters and billed.
import { parseArgs } from "node:util";
import { apiClient } from "./api-client.mjs";

const { values } = parseArgs({ options: { url: { type: "string" } } });
const call = apiClient(values.url);
try {
  const r = await call("POST", "/v1/dedup/calibrate");
  const split = (s) => `precision ${s.precision}, recall ${s.recall}, ROC AUC ${s.auc} (${s.pairs} pairs)`;
  console.log(
    `${r.embedder}: threshold ${r.threshold.toFixed(4)} for target precision ${r.target_precision}${r.reached ? "" : " (NOT reached: flags only pairs above every non-duplicate)"}, on ${r.pair_set}, ${r.took_ms} ms, ${r.tokens} tokens`,
  );
  console.log(`  calibration split: ${split(r.calibration)}`);
  console.log(`  held-out test split: ${split(r.test)}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
