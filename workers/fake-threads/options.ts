// Settings of the fake Threads API. Each comes from a var (FAKE_THREADS_*) and can be
// overridden in code (tests pass overrides to createFakeThreadsApp). The fake is OFF unless
// FAKE_THREADS_ENABLED is "true"/"1" (or enabled: true is passed): mounted in production by
// mistake it only answers 404.
import { settings } from "../settings/index.ts";
import { type AudienceTable, parseAudiences } from "./audience.ts";

export type FaultAction =
  | { kind: "code"; code: number } // a Graph error with that code (or subcode) instead of the call
  | { kind: "after" } // perform the call, then answer 500 (Graph code 2)
  | { kind: "timeout" } // hang for hangMs, then perform the call (the client gave up already)
  | { kind: "http"; status: 502 } // a bare 502 with an HTML body, nothing performed
  | { kind: "status"; status: "ERROR" }; // container status turns ERROR

export interface FaultRule {
  /** container | status | publish | post | list | replies | limit | me | insights | account_insights | oauth | * */
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

/**
 * The options: each var as the settings registry parses it, then `overrides`. A FAKE_THREADS_*
 * value the registry cannot read throws (the fake says so rather than run another setup).
 */
export function optionsFromVars(vars: FakeThreadsVars, overrides: FakeThreadsOverrides = {}): FakeThreadsOptions {
  const { fake: f, problems } = settings(vars);
  const bad = problems.find((p) => p.startsWith("FAKE_THREADS_"));
  if (bad) throw new Error(bad);
  const fail = overrides.fail ?? f.fail ?? "";
  const audiences = overrides.audiences ?? f.audience;
  return {
    enabled: overrides.enabled ?? f.enabled,
    seed: overrides.seed ?? f.seed,
    faultRate: overrides.faultRate ?? f.faultRate,
    latencyMs: overrides.latencyMs ?? f.latencyMs,
    fail: typeof fail === "string" ? parseFaults(fail) : fail,
    processingMs: overrides.processingMs ?? f.processingMs,
    quotaTotal: overrides.quotaTotal ?? f.quota,
    hangMs: overrides.hangMs ?? 30_000,
    keywordSearchApproved: overrides.keywordSearchApproved ?? false,
    pagingNext: overrides.pagingNext ?? true,
    keywordQueriesPerDay: overrides.keywordQueriesPerDay ?? 2200,
    replies: overrides.replies ?? f.replies,
    webhookUrl: overrides.webhookUrl ?? f.webhookUrl,
    appId: overrides.appId ?? (vars.THREADS_APP_ID || "fake-app"),
    appSecret: overrides.appSecret ?? (vars.THREADS_APP_SECRET || "fake-secret"),
    audiences: typeof audiences === "string" ? parseAudiences(audiences) : audiences,
    historyPosts: overrides.historyPosts ?? f.historyPosts,
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
