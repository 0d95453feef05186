// The local second opinion: the logistic regression of local-model.ts (trained by
// `npm run guardrails:train` on the labelled corpora) over the hashed features of features.ts.
// No network, a few microseconds a text. Its threshold was chosen on the batch-2 dev split
// (test/fixtures/guardrail-public-2-dev.ts) only; docs/guardrails.md has its held-out figures.
import { featureBuckets } from "./features.ts";
import { LOCAL_MODEL } from "./local-model.ts";
import type { SecondOpinion, SecondOpinionVerdict } from "./types.ts";

/** The score (log-odds) at and above which a text in the unsure band is refused. */
export const LOCAL_THRESHOLD = 0.25;

let weights: Int8Array | undefined;
const decoded = () =>
  (weights ??= new Int8Array(Uint8Array.from(atob(LOCAL_MODEL.weights), (c) => c.charCodeAt(0)).buffer));

/** The model's log-odds that the text is an injection. */
export function localScore(text: string): number {
  const w = decoded();
  const x = featureBuckets(text);
  let z = 0;
  for (const b of x) z += w[b]!;
  return LOCAL_MODEL.bias + (z * LOCAL_MODEL.scale) / Math.sqrt(Math.max(1, x.length));
}

export class LocalSecondOpinion implements SecondOpinion {
  readonly name = "local";
  private readonly threshold: number;
  constructor(threshold = LOCAL_THRESHOLD) {
    this.threshold = threshold;
  }

  async judge(text: string): Promise<SecondOpinionVerdict> {
    const score = localScore(text);
    return {
      injection: score >= this.threshold,
      reason: `local classifier score ${score.toFixed(2)} (threshold ${this.threshold})`,
    };
  }
}
