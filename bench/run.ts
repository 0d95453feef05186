// `npm run bench [-- --quick] [-- --json]`: runs every benchmark suite in turn.
//   --quick  smaller sizes, for CI and a first look
//   --json   also writes bench/results/<suite>.json
// A suite is a name and a function taking { quick, log }; add new ones to SUITES.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runDedupBench } from "./dedup/run.ts";

interface SuiteOptions {
  quick: boolean;
  log: (line: string) => void;
}

interface Suite {
  name: string;
  about: string;
  run: (opts: SuiteOptions) => Promise<unknown>;
}

const SUITES: Suite[] = [
  {
    name: "dedup",
    about: "local vector index latency and memory (Node V8, excludes the one-off SQLite load), offline-embedder quality",
    run: (opts) => runDedupBench(opts),
  },
];

const args = new Set(process.argv.slice(2));
const quick = args.has("--quick");
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), "results");

for (const suite of SUITES) {
  console.log(`${suite.name} bench — ${suite.about}${quick ? " (quick)" : ""}`);
  const result = await suite.run({ quick, log: (line) => console.log(`  ${line}`) });
  if (args.has("--json")) {
    mkdirSync(resultsDir, { recursive: true });
    const out = join(resultsDir, `${suite.name}.json`);
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`  wrote ${out}`);
  }
}
