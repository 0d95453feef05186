// Trains the local second opinion (workers/providers/second-opinion/local.ts): logistic regression
// on hashed word and character features (features.ts), from the labelled guardrail corpora: our
// own parts (test/fixtures/guardrail-corpus-parts.ts) and the public batch-1 dev split. Never from
// either public test split, nor from batch-2 dev, on which the decision threshold is chosen.
// Deterministic (fixed seed and order): `npm run guardrails:train` rewrites local-model.ts, and a
// unit test checks the committed file is what this script writes.
//   npm run guardrails:train
import { writeFileSync } from "node:fs";
import { ALL_ATTACKS, ALL_HARMLESS } from "../test/fixtures/guardrail-corpus-parts.ts";
import { PUBLIC_DEV } from "../test/fixtures/guardrail-public-dev.ts";
import { trainLocalModel } from "../workers/providers/second-opinion/train.ts";

const model = trainLocalModel([...ALL_ATTACKS, ...ALL_HARMLESS, ...PUBLIC_DEV]);
const path = new URL("../workers/providers/second-opinion/local-model.ts", import.meta.url);
writeFileSync(path, model.source);
console.log(`local second opinion: ${model.examples} examples, ${model.buckets} buckets -> ${path.pathname}`);
