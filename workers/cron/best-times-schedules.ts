import { applyBestTimesAll } from "../history/best-times-schedule.ts";
import { services } from "../services.ts";

/** "*\/15 * * * *", after the insights poll: schedules with autopilot_best_times move to the best hours. */
export async function bestTimesSchedules(env: Env, now: number): Promise<{ moved: number }> {
  return { moved: await applyBestTimesAll(env, services(env).db, now) };
}
