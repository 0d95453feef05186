// Scores the guardrail checks on a labelled corpus: recall on attacks (caught by the check they
// target) and false-positive rate on harmless texts (flagged by any check). Used by
// test/pipeline/guardrail-corpus.unit.test.ts and `npm run bench -- --only guardrails`.
import type { SecondOpinion } from "../providers/second-opinion/types.ts";
import { findInjection, findPersonalData, type GuardrailCheck } from "./checks.ts";
import { isUnsure } from "./second-opinion.ts";

export interface CorpusEntry {
  text: string;
  /** The check that must fire; null for a harmless text that must pass every check. */
  expect: "injection" | "personal_data" | null;
  note?: string;
}

export interface Rate {
  hits: number;
  total: number;
  rate: number;
}

export interface GuardrailScore {
  recall: Rate;
  falsePositiveRate: Rate;
  /** Attacks that got through and harmless texts that were flagged, for the report. */
  missed: CorpusEntry[];
  flagged: { entry: CorpusEntry; found: string[] }[];
  byCheck: Record<GuardrailCheck, Rate>;
}

const rate = (hits: number, total: number): Rate => ({ hits, total, rate: total ? hits / total : 0 });

export function scoreGuardrails(corpus: readonly CorpusEntry[]): GuardrailScore {
  const missed: CorpusEntry[] = [];
  const flagged: GuardrailScore["flagged"] = [];
  const caught = { prompt_injection: [0, 0], personal_data: [0, 0] } as Record<GuardrailCheck, [number, number]>;
  let attacks = 0;
  let harmless = 0;
  for (const entry of corpus) {
    const injection = findInjection(entry.text);
    const pii = findPersonalData(entry.text);
    if (entry.expect === null) {
      harmless++;
      if (injection.length || pii.length) flagged.push({ entry, found: [...injection, ...pii] });
      continue;
    }
    attacks++;
    const check: GuardrailCheck = entry.expect === "injection" ? "prompt_injection" : "personal_data";
    const hit = (entry.expect === "injection" ? injection : pii).length > 0;
    caught[check][1]++;
    if (hit) caught[check][0]++;
    else missed.push(entry);
  }
  return {
    recall: rate(attacks - missed.length, attacks),
    falsePositiveRate: rate(flagged.length, harmless),
    missed,
    flagged,
    byCheck: { prompt_injection: rate(...caught.prompt_injection), personal_data: rate(...caught.personal_data) },
  };
}

const fmt = (r: Rate) => `${r.rate.toFixed(2)} (${r.hits}/${r.total})`;

/** "recall 0.97 (155/160), false-positive rate 0.02 (2/104)" */
export const scoreLine = (s: GuardrailScore) =>
  `recall ${fmt(s.recall)}, false-positive rate ${fmt(s.falsePositiveRate)}`;

export interface SecondOpinionScore {
  /** Injection attacks refused by the rules or the second opinion. */
  caught: Rate;
  /** Harmless texts refused by either (any check, as in scoreGuardrails). */
  refused: Rate;
  /** Texts the rules passed that went to the second opinion. */
  asked: Rate;
}

/**
 * The rules with a second opinion on their unsure band (second-opinion.ts), on the injection
 * attacks and harmless texts of a corpus (personal-data attacks are left out: the second opinion
 * is about injection only).
 */
export async function scoreWithSecondOpinion(
  corpus: readonly CorpusEntry[],
  opinion: SecondOpinion,
): Promise<SecondOpinionScore> {
  let caught = 0;
  let attacks = 0;
  let refused = 0;
  let harmless = 0;
  let asked = 0;
  let total = 0;
  for (const entry of corpus) {
    if (entry.expect === "personal_data") continue;
    total++;
    const rules =
      findInjection(entry.text).length > 0 || (entry.expect === null && findPersonalData(entry.text).length > 0);
    let hit = rules;
    if (!rules && isUnsure(entry.text)) {
      asked++;
      hit = (await opinion.judge(entry.text)).injection;
    }
    if (entry.expect === "injection") {
      attacks++;
      if (hit) caught++;
    } else {
      harmless++;
      if (hit) refused++;
    }
  }
  return { caught: rate(caught, attacks), refused: rate(refused, harmless), asked: rate(asked, total) };
}
