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
] as const;

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
    },
    strict: true,
  });
  const only = new Set((values.only ?? SUITES.join(",")).split(",").map((s) => s.trim()));
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
  return {
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
