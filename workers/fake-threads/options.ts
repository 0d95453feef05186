// Settings of the fake Threads API. Each comes from a var (FAKE_THREADS_*) and can be
// overridden in code (tests pass overrides to createFakeThreadsApp). The fake is OFF unless
// FAKE_THREADS_ENABLED is "true"/"1" (or enabled: true is passed): mounted in production by
// mistake it only answers 404.
import { type AudienceTable, parseAudiences } from "./audience.ts";

export type FaultAction =
  | { kind: "code"; code: number } // a Graph error with that code (or subcode) instead of the call
  | { kind: "after" } // perform the call, then answer 500 (Graph code 2)
  | { kind: "timeout" } // hang for hangMs, then perform the call (the client gave up already)
  | { kind: "http"; status: 502 } // a bare 502 with an HTML body, nothing performed
  | { kind: "status"; status: "ERROR" }; // container status turns ERROR

export interface FaultRule {
  /** container | status | publish | post | list | limit | me | insights | account_insights | oauth | * */
  op: string;
  action: FaultAction;
  /** Apply to the first N matching calls only (per app instance); undefined = always. */
  times?: number;
}

export interface FakeThreadsOptions {
  enabled: boolean;
  seed: string;
  faultRate: number;
  latencyMs: number;
  fail: FaultRule[];
  processingMs: number;
  quotaTotal: number;
  hangMs: number;
  /**
   * Whether the app is approved for threads_keyword_search: without approval Threads searches
   * only the user's own posts. Default false, as for an app before review.
   */
  keywordSearchApproved: boolean;
  /** Keyword-search queries (with results) a user may send per rolling 24 h. Default 2,200. */
  keywordQueriesPerDay: number;
  /** Send paging.next when more posts follow. Threads does not always; false models that. Default true. */
  pagingNext: boolean;
  /** Simulated replies under each published post (FAKE_THREADS_REPLIES); 0 = none. Default 0. */
  replies: number;
  /** Where the simulated audience's webhooks go (FAKE_THREADS_WEBHOOK_URL); null = the Worker, in-process. */
  webhookUrl: string | null;
  /** The app id and secret the webhooks carry and are signed with (THREADS_APP_ID / THREADS_APP_SECRET). */
  appId: string;
  appSecret: string;
  /** Whose taste the engagement model follows, per account (audience.ts, FAKE_THREADS_AUDIENCE). */
  audiences: AudienceTable;
  /** Posts every account already has when its post list is first read (history.ts). Default 0. */
  historyPosts: number;
  now: () => number;
}

export type FakeThreadsOverrides = Partial<Omit<FakeThreadsOptions, "fail" | "audiences">> & {
  fail?: string | FaultRule[];
  /** A FAKE_THREADS_AUDIENCE value, or a parsed table. */
  audiences?: string | AudienceTable;
};

/** The vars the fake reads; declared here so wrangler's generated Env needs no edits. */
export interface FakeThreadsVars {
  FAKE_THREADS_ENABLED?: string;
  FAKE_THREADS_SEED?: string;
  FAKE_THREADS_FAULT_RATE?: string;
  FAKE_THREADS_LATENCY_MS?: string;
  FAKE_THREADS_FAIL?: string;
  FAKE_THREADS_PROCESSING_MS?: string;
  FAKE_THREADS_QUOTA?: string;
  FAKE_THREADS_REPLIES?: string;
  FAKE_THREADS_WEBHOOK_URL?: string;
  THREADS_APP_ID?: string;
  THREADS_APP_SECRET?: string;
  FAKE_THREADS_AUDIENCE?: string;
  FAKE_THREADS_HISTORY_POSTS?: string;
}

export function optionsFromVars(vars: FakeThreadsVars, overrides: FakeThreadsOverrides = {}): FakeThreadsOptions {
  const fail = overrides.fail ?? vars.FAKE_THREADS_FAIL ?? "";
  const audiences = overrides.audiences ?? vars.FAKE_THREADS_AUDIENCE ?? "";
  return {
    enabled: overrides.enabled ?? /^(1|true|yes|on)$/i.test(vars.FAKE_THREADS_ENABLED ?? ""),
    seed: overrides.seed ?? (vars.FAKE_THREADS_SEED || "threads-agent"),
    faultRate: clamp(overrides.faultRate ?? num(vars.FAKE_THREADS_FAULT_RATE, 0), 0, 1),
    latencyMs: Math.max(0, overrides.latencyMs ?? num(vars.FAKE_THREADS_LATENCY_MS, 0)),
    fail: typeof fail === "string" ? parseFaults(fail) : fail,
    processingMs: Math.max(0, overrides.processingMs ?? num(vars.FAKE_THREADS_PROCESSING_MS, 1500)),
    quotaTotal: Math.max(1, overrides.quotaTotal ?? num(vars.FAKE_THREADS_QUOTA, 250)),
    hangMs: Math.max(0, overrides.hangMs ?? 30_000),
    keywordSearchApproved: overrides.keywordSearchApproved ?? false,
    pagingNext: overrides.pagingNext ?? true,
    keywordQueriesPerDay: Math.max(1, overrides.keywordQueriesPerDay ?? 2200),
    replies: Math.min(50, Math.max(0, Math.floor(overrides.replies ?? num(vars.FAKE_THREADS_REPLIES, 0)))),
    webhookUrl: overrides.webhookUrl ?? (vars.FAKE_THREADS_WEBHOOK_URL || null),
    appId: overrides.appId ?? (vars.THREADS_APP_ID || "fake-app"),
    appSecret: overrides.appSecret ?? (vars.THREADS_APP_SECRET || "fake-secret"),
    audiences: typeof audiences === "string" ? parseAudiences(audiences) : audiences,
    historyPosts: Math.min(
      10_000,
      Math.max(0, Math.floor(overrides.historyPosts ?? num(vars.FAKE_THREADS_HISTORY_POSTS, 0))),
    ),
    now: overrides.now ?? Date.now,
  };
}

/**
 * FAKE_THREADS_FAIL: comma-separated `<op>:<action>[#<times>]`, e.g.
 * "publish:190", "container:4279009#1", "publish:after", "status:ERROR", "*:timeout", "me:502".
 */
export function parseFaults(spec: string): FaultRule[] {
  const rules: FaultRule[] = [];
  for (const part of spec.split(/[,\s]+/).filter(Boolean)) {
    const m = /^([a-z_*]+):([A-Za-z0-9]+)(?:#(\d+))?$/.exec(part);
    if (!m) throw new Error(`FAKE_THREADS_FAIL: cannot parse '${part}' (expected op:action[#times])`);
    const [, op = "", what = "", times] = m;
    rules.push({ op, action: parseAction(what, part), times: times === undefined ? undefined : Number(times) });
  }
  return rules;
}

function parseAction(what: string, part: string): FaultAction {
  if (what === "after") return { kind: "after" };
  if (what === "timeout") return { kind: "timeout" };
  if (what === "ERROR") return { kind: "status", status: "ERROR" };
  if (what === "502") return { kind: "http", status: 502 };
  if (/^\d+$/.test(what)) return { kind: "code", code: Number(what) };
  throw new Error(`FAKE_THREADS_FAIL: unknown action in '${part}'`);
}

function num(v: string | undefined, fallback: number): number {
  const n = v === undefined || v === "" ? NaN : Number(v);
  return Number.isFinite(n) ? n : fallback;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
