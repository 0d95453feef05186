// Guardrail quality and cost: recall and false-positive rate on the labelled corpus
// (test/fixtures/guardrail-corpus*.ts), overall and on the held-out part, plus check latency.
//   npm run bench -- --only guardrails
import { findInjection, findPersonalData } from "../../workers/guardrails/checks.ts";
import {
  scoreGuardrails,
  scoreLine,
  scoreWithSecondOpinion,
  type CorpusEntry,
  type GuardrailScore,
  type Rate,
} from "../../workers/guardrails/evaluate.ts";
import { LocalSecondOpinion } from "../../workers/providers/second-opinion/local.ts";
import { WorkersAiSecondOpinion } from "../../workers/providers/second-opinion/workers-ai.ts";
import { workersAiRest } from "./workers-ai-rest.ts";
import { ALL_ATTACKS, ALL_HARMLESS, CORPUS_PARTS } from "../../test/fixtures/guardrail-corpus-parts.ts";
import { PUBLIC_TEST } from "../../test/fixtures/guardrail-public-test.ts";
import { PUBLIC_2_TEST } from "../../test/fixtures/guardrail-public-2-test.ts";
import { PUBLIC_3_TEST } from "../../test/fixtures/guardrail-public-3-test.ts";

export interface GuardrailBenchResult {
  overall: Pick<GuardrailScore, "recall" | "falsePositiveRate" | "byCheck">;
  /** Each held-out part by name. */
  heldOut: Record<string, Pick<GuardrailScore, "recall" | "falsePositiveRate" | "byCheck">>;
  /** Both checks on one corpus text, after the first call (which compiles the patterns). */
  p50Ms: number;
  p95Ms: number;
  firstCallMs: number;
  /** Batch 2's test split (never read while tuning): the rules alone, and with the local second opinion. */
  heldOut2: { rules: { caught: Rate; refused: Rate }; withLocal: { caught: Rate; refused: Rate; asked: Rate } };
  /** Batch 3's test split (indirect injections; never read while tuning), the same two ways. */
  heldOut3: { rules: { caught: Rate; refused: Rate }; withLocal: { caught: Rate; refused: Rate; asked: Rate } };
  ok: boolean;
}

const pick = (s: GuardrailScore) => ({ recall: s.recall, falsePositiveRate: s.falsePositiveRate, byCheck: s.byCheck });

const kn = (r: Rate) => `${r.hits}/${r.total}`;

export async function runGuardrailBench(opts: { log: (line: string) => void }): Promise<GuardrailBenchResult> {
  const all: CorpusEntry[] = [...ALL_ATTACKS, ...ALL_HARMLESS];
  const t0 = performance.now();
  findInjection(all[0]!.text);
  findPersonalData(all[0]!.text);
  const firstCallMs = performance.now() - t0;
  const overall = scoreGuardrails(all);
  const heldOut = Object.fromEntries(
    CORPUS_PARTS.slice(1).map((p) => [p.name, scoreGuardrails([...p.attacks, ...p.harmless])]),
  );
  const times = all.map((e) => {
    const t = performance.now();
    findInjection(e.text);
    findPersonalData(e.text);
    return performance.now() - t;
  });
  times.sort((a, b) => a - b);
  const q = (p: number) =>
    Math.round((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0) * 100) / 100;
  // The public-source test split (issue 25): never read while tuning; the dev split is not reported.
  const publicTest = scoreGuardrails(PUBLIC_TEST);
  // The local model never trained on batch 1's test split nor had its threshold chosen on it.
  const local1 = await scoreWithSecondOpinion(PUBLIC_TEST, new LocalSecondOpinion());
  opts.log(
    `guardrails held-out: caught ${publicTest.recall.hits}/${publicTest.recall.total} attacks, flagged ${publicTest.falsePositiveRate.hits}/${publicTest.falsePositiveRate.total} harmless; with the local second opinion caught ${kn(local1.caught)}, refused ${kn(local1.refused)} (asked about ${kn(local1.asked)} texts)`,
  );
  // Batch 2 (issue 25, the second opinion): its test split, the rules alone and with GUARDRAIL_SECOND_OPINION=local.
  const rules2 = scoreGuardrails(PUBLIC_2_TEST);
  const local2 = await scoreWithSecondOpinion(PUBLIC_2_TEST, new LocalSecondOpinion());
  const heldOut2 = {
    rules: { caught: rules2.recall, refused: rules2.falsePositiveRate },
    withLocal: local2,
  };
  opts.log(
    `guardrails held-out, batch 2: rules caught ${kn(rules2.recall)} attacks, refused ${kn(rules2.falsePositiveRate)} harmless; with the local second opinion caught ${kn(local2.caught)}, refused ${kn(local2.refused)} (asked about ${kn(local2.asked)} texts)`,
  );
  // Batch 3 (issue 25, indirect injections addressed to the model): its test split, the same two ways.
  const rules3 = scoreGuardrails(PUBLIC_3_TEST);
  const local3 = await scoreWithSecondOpinion(PUBLIC_3_TEST, new LocalSecondOpinion());
  const heldOut3 = { rules: { caught: rules3.recall, refused: rules3.falsePositiveRate }, withLocal: local3 };
  opts.log(
    `guardrails held-out, batch 3: rules caught ${kn(rules3.recall)} attacks, refused ${kn(rules3.falsePositiveRate)} harmless; with the local second opinion caught ${kn(local3.caught)}, refused ${kn(local3.refused)} (asked about ${kn(local3.asked)} texts)`,
  );
  // The Workers AI second opinion on the same split, when this machine has an account to ask.
  const rest = workersAiRest();
  if (rest) {
    const model = process.env.GUARDRAIL_SECOND_OPINION_MODEL || undefined;
    const wai = await scoreWithSecondOpinion(PUBLIC_2_TEST, new WorkersAiSecondOpinion(rest, model));
    opts.log(
      `guardrails held-out, batch 2, with the Workers AI second opinion: caught ${kn(wai.caught)}, refused ${kn(wai.refused)} (asked about ${kn(wai.asked)} texts)`,
    );
  } else
    opts.log("guardrails Workers AI second opinion: not measured (set CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN)");
  opts.log(`overall: ${scoreLine(overall)}`);
  for (const [name, s] of Object.entries(heldOut)) opts.log(`${name}: ${scoreLine(s)}`);
  for (const m of overall.missed) opts.log(`missed: ${JSON.stringify(m.text)}`);
  for (const f of overall.flagged) opts.log(`false positive: ${JSON.stringify(f.entry.text)} (${f.found.join("; ")})`);
  opts.log(
    `check latency per text: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms; first call ${Math.round(firstCallMs)} ms (pattern compilation)`,
  );
  const ok = overall.recall.rate >= 0.95 && overall.falsePositiveRate.rate <= 0.05;
  return {
    overall: pick(overall),
    heldOut: Object.fromEntries(Object.entries(heldOut).map(([n, s]) => [n, pick(s)])),
    p50Ms: q(0.5),
    p95Ms: q(0.95),
    firstCallMs: Math.round(firstCallMs),
    heldOut2,
    heldOut3,
    ok,
  };
}
