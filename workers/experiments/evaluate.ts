// Looking at experiments: per-arm sums from the posts measured at the decision window, the
// decision (decide.ts), bandit reweighting, promotion of a winner. Runs from the every-15-minutes
// cron after the insights poll, and on read (GET /v1/experiments/:id) so the API is never stale.
import type { Db } from "../db/client.ts";
import {
  finishExperiment,
  getExperiment,
  listRunningExperiments,
  measuredPosts,
  postsPerArm,
  promoteDefault,
  setArmWeights,
  updateExperiment,
  type Experiment,
} from "../db/experiments.ts";
import { learnFromMeasured } from "../score/predictor.ts";
import { refitLearnedModels } from "../score/learned-score.ts";
import { analyse, banditWeights, type Analysis } from "./decide.ts";
import type { ExperimentSettings } from "../settings/index.ts";
import { addPost, emptySums } from "./stats.ts";
import { postWindowEr } from "./window.ts";

export async function evaluateExperiment(
  db: Db,
  exp: Experiment,
  settings: ExperimentSettings,
  now: number,
): Promise<Analysis> {
  const arms = exp.arms.map((a) => a.arm);
  const sums = arms.map(() => emptySums());
  for (const m of await measuredPosts(db, exp.id, exp.windowHours, now)) {
    const i = arms.indexOf(m.arm);
    if (i >= 0 && m.views > 0) addPost(sums[i] as ReturnType<typeof emptySums>, m.views, m.interactions);
  }
  const counts = await postsPerArm(db, exp.id);
  const rules = { ...settings.rules, minPostsPerArm: exp.minPostsPerArm };
  const result = analyse(
    arms,
    sums,
    rules,
    exp.policy,
    arms.map((a) => counts.get(a) ?? 0),
  );
  if (exp.status !== "running") return result;

  if (result.status === "running") {
    await updateExperiment(db, exp.id, { decision: result, pValue: result.p_value, evaluatedAt: now }, now);
    if (exp.policy === "bandit") {
      const w = banditWeights(sums, exp.minPostsPerArm, settings.banditFloor);
      await setArmWeights(
        db,
        exp.id,
        arms.map((arm, i) => ({ arm, weight: w[i] ?? 0 })),
      );
    }
    return result;
  }
  if (
    await finishExperiment(
      db,
      exp.id,
      { status: result.status, winner: result.winner, pValue: result.p_value, decision: result },
      now,
    )
  ) {
    if (result.status === "winner" && result.winner) {
      await promoteDefault(
        db,
        { personaId: exp.personaId, dimension: exp.dimension, arm: result.winner, experimentId: exp.id },
        now,
      );
    }
    console.log(
      JSON.stringify({
        event: "experiment.decided",
        experiment_id: exp.id,
        status: result.status,
        winner: result.winner,
        p_value: result.p_value,
      }),
    );
  }
  return result;
}

/** The cron job: the score model learns from newly measured posts, then every running experiment is looked at. */
export async function evaluateAll(
  db: Db,
  settings: ExperimentSettings,
  now: number,
): Promise<{ learned: number; refitted: number; evaluated: number; decided: string[] }> {
  const learned = await learnFromMeasured(db, (postId) => postWindowEr(db, postId, settings.windowHours, now), now);
  const refitted = await refitLearnedModels(db, now);
  const decided: string[] = [];
  const running = await listRunningExperiments(db);
  for (const exp of running) {
    const r = await evaluateExperiment(db, exp, settings, now);
    if (r.status !== "running") decided.push(exp.id);
  }
  return { learned, refitted, evaluated: running.length, decided };
}

/** Evaluates (when running) and reads back the experiment, for the API. */
export async function freshExperiment(
  db: Db,
  id: string,
  settings: ExperimentSettings,
  now: number,
): Promise<Experiment | null> {
  const exp = await getExperiment(db, id);
  if (!exp) return null;
  if (exp.status === "running") await evaluateExperiment(db, exp, settings, now);
  return getExperiment(db, id);
}
