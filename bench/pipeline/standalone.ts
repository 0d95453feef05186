// `node bench/pipeline/standalone.ts [tasks]`: the pipeline benchmark alone, without bench/run.ts
// (which imports every suite). This is how bench/baseline.json's figure is measured on an older
// commit: a worktree of it, its own `npm ci`, today's bench/ copied over it, then this script.
import { existsSync, rmSync } from "node:fs";
import { machine } from "../lib/stats.ts";
import { migratedState } from "../lib/wrangler.ts";
import { runPipelineBench } from "./run.ts";

if (existsSync("/dev/shm")) process.env.TMPDIR = "/dev/shm";
const tasks = Number(process.argv[2] ?? 1000);
// A second argument sets DEDUP_THRESHOLD for the run (bench/run.ts uses 1: every draft stored).
const dedupThreshold = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
console.log(
  `pipeline ${tasks} tasks, DEDUP_THRESHOLD ${dedupThreshold ?? "default"}, load average ${machine().loadAverage1m}, ${new Date().toISOString()}`,
);
const state = migratedState();
try {
  const r = await runPipelineBench({
    quick: false,
    state,
    tasks,
    dedupThreshold,
    log: (l) => console.log(`  [pipeline] ${l}`),
  });
  console.log(
    JSON.stringify({
      seconds: r.seconds,
      tasksPerSecond: r.tasksPerSecond,
      postsPerSecond: r.postsPerSecond,
      statuses: r.statuses,
      d1RoundTripsPerPost: r.d1RoundTripsPerPost,
      loadAverage: machine().loadAverage1m,
    }),
  );
} finally {
  rmSync(state, { recursive: true, force: true });
}
