import type { Settings } from "../settings/index.ts";
import type { Db } from "../db/client.ts";
import type { AttemptReads } from "../db/tasks.ts";
import type { GuardrailSettings, ModelUsage, PersonaRow, PublishMode, TaskRow } from "../db/schema/index.ts";
import type { PersonaVoice } from "../providers/llm/brief.ts";
import type { Telemetry } from "../metrics/events.ts";
import type { Providers } from "../services.ts";
import type { TrendOutput } from "../providers/trends/types.ts";
import type { PersonaVectors } from "../dedup/persona-vectors.ts";
import type { Mutex } from "../durable/mutex.ts";
import type { Arms } from "../experiments/dimensions.ts";
import type { PostExperiment } from "../db/experiments.ts";
import type { Scored } from "../score/model.ts";
import type { StopCheck } from "../lifecycle/guard.ts";
import type { SourceVectors } from "../sources/vectors.ts";
import type { Retrieved } from "../sources/retrieve.ts";

export const STEP_ORDER = [
  "ingest",
  "trend_research",
  "retrieve",
  "hook",
  "body",
  "guardrail",
  "format",
  "score",
  "dedup",
  "store",
] as const;
export type StepName = (typeof STEP_ORDER)[number];

export interface IngestOutput {
  persona: PersonaVoice & { guardrails: GuardrailSettings };
  topic: string;
  painStatement: string | null;
  trendSnippet: string | null;
  publish: PublishMode;
  /** Arms to realise: one per running experiment, else the promoted winner (absent in old tasks). */
  arms?: Arms;
  /** The running experiments this task is in, with its arm. */
  experiments?: PostExperiment[];
  /** The source item the task repurposes (POST /v1/tasks source_item_id / source_url, or autopilot). */
  sourceItemId?: string | null;
}

export interface WriteOutput {
  text: string;
  usage: ModelUsage;
}

export interface GuardrailOutput {
  checks: string[];
}

export interface FormatOutput {
  text: string;
  chars: number;
  links: number;
  changes: string[];
}

/** The draft that passed the quality gate: the first one or its rewrite (in another hook style unless an experiment assigned it). */
export interface ScoreOutput {
  hook: string;
  body: string;
  text: string;
  /** The arms the kept draft was written with (a gate rewrite changes a hook_style no experiment assigned). */
  arms: Arms;
  scored: Scored;
  threshold: number;
  rewritten: boolean;
  usage: ModelUsage[];
}

/** The post to store: the first draft, or its rewrite when the first resembled an earlier post. */
export interface DedupOutput {
  hook: string;
  body: string;
  text: string;
  rewritten: boolean;
  /** Calls this step made (the rewrite's hook and body, hosted embeddings); they were billed. */
  usage: ModelUsage[];
  /** The stored text's embedding, indexed after the post is stored. */
  vector: number[];
  embedder: string;
  threshold: number;
  /** Best similarity of the stored text to an earlier post (0 when none in the window). */
  similarity: number;
  similarPostId: string | null;
}

export interface StoreOutput {
  postId: string;
  /** The stored post's placement, so publishing it now needs no read-back (absent in older saves). */
  status?: string;
  scheduledAt?: number | null;
}

/** Each finished step's output, persisted in the persona's Durable Object before the next step starts. */
export interface PipelineState {
  ingest?: IngestOutput;
  trend_research?: TrendOutput;
  /** The persona's source passages the post is written from (absent in tasks saved before it existed). */
  retrieve?: Retrieved;
  hook?: WriteOutput;
  body?: WriteOutput;
  guardrail?: GuardrailOutput;
  format?: FormatOutput;
  score?: ScoreOutput;
  dedup?: DedupOutput;
  store?: StoreOutput;
}

export interface StepContext {
  env: Env;
  settings: Settings;
  providers: Providers;
  db: Db;
  task: TaskRow;
  /**
   * The task's persona as read when this attempt started (null once deleted): steps use it
   * instead of reading the row again, so settings changed before the attempt apply to it.
   */
  persona: PersonaRow | null;
  /** Rows read with the claim (account, experiments, winners); absent when a caller did not read them, then steps read D1. */
  reads?: AttemptReads;
  now: () => number;
  /** Buffered counters for this run; the agent flushes them when the run ends. */
  telemetry: Telemetry;
  /** The persona's posts as vectors (embedder + index). */
  vectors: PersonaVectors;
  /** The persona's source chunks as vectors (same index, own namespace); absent: no retrieval. */
  sources?: SourceVectors;
  /** Held from the dedup check until the post is stored and indexed (see runner.ts). */
  personaLock?: Mutex;
  /** In-memory check that the persona was not deleted since the run began (see lifecycle/guard.ts). */
  stop?: StopCheck;
  /**
   * Runs `fn` once per task and persists its result before returning it, so a step that makes
   * several billed calls (the dedup rewrite) does not repeat the finished ones when retried.
   */
  memo: <T>(key: string, fn: () => Promise<T>) => Promise<T>;
}

export interface StepResult<T> {
  output: T;
  /** What the task's step list shows: models, tokens, warnings, similarity, … */
  detail?: Record<string, unknown>;
}

export type Step<N extends StepName> = (
  ctx: StepContext,
  state: PipelineState,
) => Promise<StepResult<NonNullable<PipelineState[N]>>>;

/** Reads an earlier step's output; the runner guarantees order, so a gap is a bug. */
export function need<N extends StepName>(state: PipelineState, name: N): NonNullable<PipelineState[N]> {
  const out = state[name];
  if (out === undefined) throw new Error(`pipeline: step '${name}' has no output yet`);
  return out as NonNullable<PipelineState[N]>;
}
