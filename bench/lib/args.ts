// Command-line options of `npm run bench -- …`.
import { parseArgs } from "node:util";
import { audiencesFromArgs } from "../experiments/audiences.ts";

export interface BenchArgs {
  quick: boolean;
  json: boolean;
  only: Set<string>;
  tasks?: number;
  llmFaultRate: number;
  threadsFaultRate: number;
  disk: boolean;
  profile: boolean;
  crash: boolean;
  /** FAKE_THREADS_AUDIENCE names the experiments bench also runs against (--audience, --audiences). */
  audiences: string[];
  /** --scale-sizes 10:10000,100:100000 (personas:posts): the scale suite's sizes instead of its own. */
  scaleSizes?: { personas: number; posts: number }[];
  /** --scale-dedup-vectors N: vectors the scale suite's dedup check searches (default 100,000; 0 skips it). */
  scaleDedupVectors?: number;
}

export const SUITES = [
  "api",
  "pipeline",
  "soak",
  "dedup",
  "quality",
  "guardrails",
  "experiments",
  "score",
  "grounded",
  "scale",
] as const;
/** What a plain `npm run bench` runs: scale seeds up to a million posts and runs only when asked (--only scale). */
export const DEFAULT_SUITES = SUITES.filter((s) => s !== "scale");

export function benchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      only: { type: "string" },
      tasks: { type: "string" },
      "llm-fault-rate": { type: "string", default: "0.2" },
      "threads-fault-rate": { type: "string", default: "0.2" },
      disk: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      // The soak SIGKILLs wrangler dev twice and restarts it; on by default, --no-crash to skip.
      crash: { type: "boolean", default: true },
      "no-crash": { type: "boolean", default: false },
      // Experiments: audiences as FAKE_THREADS_AUDIENCE names them, comma-separated, or N random ones.
      audience: { type: "string" },
      audiences: { type: "string" },
      "scale-sizes": { type: "string" },
      "scale-dedup-vectors": { type: "string" },
    },
    strict: true,
  });
  const only = new Set((values.only ?? DEFAULT_SUITES.join(",")).split(",").map((s) => s.trim()));
  for (const s of only)
    if (!(SUITES as readonly string[]).includes(s))
      throw new Error(`--only: unknown benchmark '${s}' (${SUITES.join(", ")})`);
  const rate = (name: string, v: string) => {
    const n = Number(v);
    if (!(n >= 0 && n < 1)) throw new Error(`--${name} must be a number in [0, 1); got '${v}'`);
    return n;
  };
  const tasks = values.tasks === undefined ? undefined : Number(values.tasks);
  if (tasks !== undefined && !(Number.isInteger(tasks) && tasks > 0))
    throw new Error(`--tasks must be a positive integer`);
  const quick = values.quick ?? false;
  const audiences = audiencesFromArgs({ audience: values.audience, audiences: values.audiences, quick });
  const scaleSizes = values["scale-sizes"]?.split(",").map((pair) => {
    const [personas, posts] = pair.split(":").map(Number);
    if (!(Number.isInteger(personas) && Number.isInteger(posts) && (personas as number) > 0 && (posts as number) > 0))
      throw new Error(`--scale-sizes: expected personas:posts pairs like 10:10000, got '${pair}'`);
    return { personas: personas as number, posts: posts as number };
  });
  const dedupVectors = values["scale-dedup-vectors"];
  const scaleDedupVectors = dedupVectors === undefined ? undefined : Number(dedupVectors);
  if (scaleDedupVectors !== undefined && !(Number.isInteger(scaleDedupVectors) && scaleDedupVectors >= 0))
    throw new Error("--scale-dedup-vectors must be a non-negative integer");
  return {
    scaleSizes,
    scaleDedupVectors,
    audiences,
    quick,
    json: values.json ?? false,
    only,
    tasks,
    llmFaultRate: rate("llm-fault-rate", values["llm-fault-rate"] ?? "0.2"),
    threadsFaultRate: rate("threads-fault-rate", values["threads-fault-rate"] ?? "0.2"),
    disk: values.disk ?? false,
    profile: values.profile ?? false,
    crash: (values.crash ?? true) && !values["no-crash"],
  };
}
