// `npm run bench [-- --quick] [--json] [--only api,pipeline,soak,dedup,guardrails,score,grounded] [--tasks N]
//   [--llm-fault-rate 0.2] [--threads-fault-rate 0.2] [--disk] [--profile] [--no-crash]
//   [--audience random:<seed>,contrarian,… | --audiences N]`
// Runs every benchmark in turn, prints a summary, writes bench/results/summary.json with
// --json, and exits 1 when work was lost or duplicated (targets missed only print MISS).
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runApiBench } from "./api/run.ts";
import { runDedupBench } from "./dedup/run.ts";
import { runExperimentsBench } from "./experiments/run.ts";
import { runGuardrailBench } from "./guardrails/run.ts";
import { runScoreBench } from "./score/run.ts";
import { runGroundedBench } from "./grounded/run.ts";
import { benchArgs } from "./lib/args.ts";
import { machine } from "./lib/stats.ts";
import { ROOT, migratedState } from "./lib/wrangler.ts";
import { PIPELINE_DEDUP_THRESHOLD, runPipelineBench } from "./pipeline/run.ts";
import { runQualityBench } from "./quality/run.ts";
import { runSoak } from "./soak/run.ts";
import { summaryLines } from "./summary.ts";
import type { Summary } from "./summary.ts";

const args = benchArgs(process.argv.slice(2));
// Local D1, Durable Object and queue state are SQLite files; on a disk every commit waits for
// fsync, which production D1 does not do on this machine. tmpfs removes that local artefact
// (--disk keeps it, to compare).
if (!args.disk && existsSync("/dev/shm")) process.env.TMPDIR = "/dev/shm";

const started = Date.now();
const log = (suite: string) => (line: string) => console.log(`  [${suite}] ${line}`);
const summary: Summary = {
  date: new Date().toISOString(),
  quick: args.quick,
  machine: machine(),
  stateOn: process.env.TMPDIR ?? "default tmp",
  results: {},
};
console.log(
  `threads-agent bench${args.quick ? " (quick)" : ""}: ${[...args.only].join(", ")} on ${summary.machine.cores} cores, load average ${summary.machine.loadAverage1m}`,
);

// dedup, quality, guardrails, experiments, score and grounded run in Node alone; only the others need a migrated local state.
const state = [...args.only].every(
  (s) =>
    s === "dedup" || s === "quality" || s === "guardrails" || s === "experiments" || s === "score" || s === "grounded",
)
  ? null
  : migratedState();
try {
  if (args.only.has("api") && state) {
    console.log("API throughput (autocannon vs a bare Worker, same wrangler dev)");
    summary.results.api = await runApiBench({ quick: args.quick, state, profile: args.profile, log: log("api") });
  }
  if (args.only.has("pipeline") && state) {
    console.log("Pipeline throughput (offline model, 20 personas)");
    summary.results.pipeline = await runPipelineBench({
      quick: args.quick,
      state,
      tasks: args.tasks,
      dedupThreshold: PIPELINE_DEDUP_THRESHOLD,
      profile: args.profile,
      log: log("pipeline"),
    });
  }
  if (args.only.has("soak") && state) {
    console.log("Soak with faults");
    summary.results.soak = await runSoak({
      quick: args.quick,
      state,
      tasks: args.tasks,
      llmFaultRate: args.llmFaultRate,
      threadsFaultRate: args.threadsFaultRate,
      crash: args.crash,
      log: log("soak"),
    });
  }
  if (args.only.has("dedup")) {
    console.log("Dedup (index latency, memory, quality)");
    summary.results.dedup = await runDedupBench({ quick: args.quick, log: log("dedup") });
  }
  if (args.only.has("experiments")) {
    console.log("Experiments (simulated on the fake engagement model)");
    summary.results.experiments = await runExperimentsBench({
      quick: args.quick,
      audiences: args.audiences,
      log: log("experiments"),
    });
  }
  if (args.only.has("quality")) {
    console.log("Content quality (offline writer, 150 labelled posts in 5 languages)");
    summary.results.quality = runQualityBench({ log: log("quality") });
  }
  if (args.only.has("guardrails")) {
    console.log("Guardrails (labelled corpus: recall, false positives, latency)");
    summary.results.guardrails = await runGuardrailBench({ log: log("guardrails") });
  }
  if (args.only.has("score")) {
    console.log("Learned score on real public posts (held out)");
    summary.results.score = runScoreBench({ log: log("score") });
  }
  if (args.only.has("grounded")) {
    console.log("Grounded posts (offline writer with and without the persona's sources)");
    summary.results.grounded = await runGroundedBench({ log: log("grounded") });
  }
} finally {
  if (state) rmSync(state, { recursive: true, force: true });
}

summary.seconds = Math.round((Date.now() - started) / 1000);
console.log(`\nSummary (${summary.seconds} s)`);
const { lines, failed } = summaryLines(summary);
for (const line of lines) console.log(`  ${line}`);
if (args.json) {
  const dir = join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`  wrote bench/results/summary.json`);
}
if (failed) {
  console.error("BENCH FAILED: work was lost or duplicated (see above)");
  process.exitCode = 1;
}
