// Fault injection: random transient errors (FAKE_THREADS_FAULT_RATE), added latency, and
// forced faults per operation (FAKE_THREADS_FAIL). State (dice, per-rule counters) lives in
// the app instance, so a rule with #N fires N times per running fake.
import { seededRandom } from "./prng.ts";
import type { FakeThreadsOptions, FaultAction, FaultRule } from "./options.ts";

export class FaultState {
  private readonly random: () => number;
  private readonly used = new Map<FaultRule, number>();

  constructor(seed: string) {
    this.random = seededRandom(`${seed}|faults`);
  }

  /** True when this call should fail with a random transient error. */
  rollRandom(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  /** The forced fault for `op`, consuming one use of a limited rule. */
  take(opts: FakeThreadsOptions, op: string, filter?: (a: FaultAction) => boolean): FaultAction | undefined {
    for (const rule of opts.fail) {
      if (rule.op !== op && rule.op !== "*") continue;
      if (filter && !filter(rule.action)) continue;
      const n = this.used.get(rule) ?? 0;
      if (rule.times !== undefined && n >= rule.times) continue;
      this.used.set(rule, n + 1);
      return rule.action;
    }
    return undefined;
  }
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
