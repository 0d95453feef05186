// Quality benchmark: the offline writer's labelled set of 150 posts (bench/quality/corpus.ts)
// through the automatic checks (bench/quality/checks.ts): language (franc-min), topic words,
// template residue, Threads limits. Prints the pass rate overall, per check and per language,
// and five sample posts (one per language).
//   node bench/quality/run.ts
import { fileURLToPath } from "node:url";
import { checkPost } from "./checks.ts";
import { qualityCorpus } from "./corpus.ts";

export interface QualityBenchResult {
  posts: number;
  passed: number;
  passRate: number;
  /** Posts failing each check family (language, topic, residue, limits). */
  failuresByCheck: Record<string, number>;
  passRateByLanguage: Record<string, number>;
  samples: { label: string; text: string }[];
}

export function runQualityBench(opts: { log?: (line: string) => void } = {}): QualityBenchResult {
  const log = opts.log ?? (() => {});
  const verdicts = qualityCorpus().map(checkPost);
  const passed = verdicts.filter((v) => v.failures.length === 0).length;
  const failuresByCheck: Record<string, number> = { language: 0, topic: 0, residue: 0, limits: 0 };
  for (const v of verdicts)
    for (const family of new Set(v.failures.map((f) => f.split(":")[0] as string)))
      failuresByCheck[family] = (failuresByCheck[family] ?? 0) + 1;
  const byLang: Record<string, number> = {};
  for (const lang of new Set(verdicts.map((v) => v.label.split("/")[0] as string))) {
    const mine = verdicts.filter((v) => v.label.startsWith(`${lang}/`));
    byLang[lang] = mine.filter((v) => v.failures.length === 0).length / mine.length;
  }
  const result: QualityBenchResult = {
    posts: verdicts.length,
    passed,
    passRate: passed / verdicts.length,
    failuresByCheck,
    passRateByLanguage: byLang,
    samples: Object.keys(byLang)
      .map((lang) => verdicts.find((v) => v.label.startsWith(`${lang}/`) && v.failures.length === 0) ?? verdicts[0])
      .filter((v) => v !== undefined)
      .map((v) => ({ label: v.label, text: v.text })),
  };
  log(
    `quality: ${passed}/${verdicts.length} generated posts pass every check (${(result.passRate * 100).toFixed(1)}%)`,
  );
  log(
    `failing per check: ${Object.entries(failuresByCheck)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")}`,
  );
  log(
    `pass rate per language: ${Object.entries(byLang)
      .map(([k, r]) => `${k} ${(r * 100).toFixed(0)}%`)
      .join(", ")}`,
  );
  for (const v of verdicts.filter((x) => x.failures.length > 0)) log(`FAIL ${v.label}: ${v.failures.join("; ")}`);
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = runQualityBench({ log: (line) => console.log(`  ${line}`) });
  for (const s of r.samples) console.log(`\n  [${s.label}]\n${s.text.replace(/^/gm, "    ")}`);
}
