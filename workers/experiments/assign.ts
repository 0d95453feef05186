// Which arm a task gets. Both policies hash (experiment id, task id) into [0, 1) and walk the
// arms' weights: a fixed split uses equal weights, a bandit the Thompson-sampling weights stored
// on the experiment at its last evaluation (decide.ts banditWeights). Hashing instead of
// Math.random makes a retried or resumed task get the same arm, in any isolate.
import { stableUnit } from "./stable-hash.ts";

export function pickArm(
  experimentId: string,
  taskId: string,
  arms: readonly string[],
  weights?: readonly number[] | null,
): string {
  if (arms.length === 0) throw new Error(`experiment ${experimentId} has no arms`);
  const w = weights && weights.length === arms.length ? weights : arms.map(() => 1 / arms.length);
  const total = w.reduce((a, b) => a + b, 0);
  const u = stableUnit(`${experimentId}:${taskId}`) * total;
  let acc = 0;
  for (let i = 0; i < arms.length; i++) {
    acc += w[i] ?? 0;
    if (u < acc) return arms[i] as string;
  }
  return arms[arms.length - 1] as string;
}
