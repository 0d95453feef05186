import { services } from "../services.ts";
import { evaluateAll } from "../experiments/evaluate.ts";
import { settings } from "../settings/index.ts";

/** "*\/15 * * * *", after the insights poll: the score models learn and refit, experiments are decided. */
export async function evaluateExperiments(env: Env, now: number): Promise<unknown> {
  const result = await evaluateAll(services(env).db, settings(env).experiments, now);
  if (result.learned > 0 || result.refitted > 0 || result.decided.length > 0)
    console.log(JSON.stringify({ event: "cron.experiments", ...result }));
  return result;
}
