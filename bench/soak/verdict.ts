// The soak's judgement, kept free of I/O so a test can feed it a broken run and watch it fail.
// Lost: accepted work that is not in an end state and saw no attempt for longer than the
// largest retry gap (or whose post vanished). Unfinished: not in an end state but touched
// within that gap, i.e. still retrying; reported apart, it is not a loss. Duplicate: the same
// work produced or published more than once. The dead-letter queue may hold only
// tasks that used every attempt on injected transient faults.
import type { PostView, TaskView } from "../lib/api.ts";
import { TERMINAL } from "../lib/api.ts";

export interface PublishedMedia {
  account: string;
  id: string;
  text: string;
}

export interface SoakFacts {
  rejectedSubmissions: number;
  accepted: string[];
  /** By-id reads of the accepted tasks; a task that could not be read is absent. */
  tasks: TaskView[];
  posts: PostView[];
  /** max_retries + 1 of the generate queue: what "exhausted its retries" means. */
  maxAttempts: number;
  /** Present when the build publishes: what the fake Threads API holds, per linked account. */
  publishing: { media: PublishedMedia[]; accountOf: Record<string, string> } | null;
  /** When the facts were read (ms), and the largest gap between two attempts of one piece of work. */
  now: number;
  maxGapMs: number;
}

export interface SoakVerdict {
  lost: number;
  unfinished: number;
  duplicates: number;
  deadLettered: number;
  published: number;
  publishFailed: number;
  problems: string[];
  ok: boolean;
}

const GAVE_UP = /^gave up after (\d+) attempts: (.*)$/s;
const POST_TERMINAL = new Set(["published", "failed"]);

/** The latest moment anything happened to a task: created, started, or a step's start or end. */
export function lastActivity(t: TaskView): number {
  const times = [t.created_at, t.started_at, ...t.steps.flatMap((s) => [s.started_at, s.finished_at])];
  return Math.max(...times.map((x) => (x ? Date.parse(x) : 0)));
}

function extra<T>(items: T[], key: (t: T) => string): [string, number][] {
  const n = new Map<string, number>();
  for (const it of items) n.set(key(it), (n.get(key(it)) ?? 0) + 1);
  return [...n].filter(([, c]) => c > 1).map(([k, c]) => [k, c - 1]);
}

export function judgeSoak(f: SoakFacts): SoakVerdict {
  const problems: string[] = [];
  let lost = f.rejectedSubmissions;
  let unfinished = 0;
  let duplicates = 0;
  const recent = (at: number) => f.now - at <= f.maxGapMs;
  let deadLettered = 0;
  if (f.rejectedSubmissions) problems.push(`${f.rejectedSubmissions} submissions never accepted`);
  const byId = new Map(f.tasks.map((t) => [t.id, t]));
  const postsByTask = new Map(f.posts.map((p) => [p.task_id ?? "", p]));

  for (const id of f.accepted) {
    const t = byId.get(id);
    if (t && !TERMINAL.has(t.status) && recent(lastActivity(t))) {
      unfinished++;
      continue;
    }
    if (!t || !TERMINAL.has(t.status)) {
      lost++;
      problems.push(
        t
          ? `task ${id} is ${t.status} with no attempt for ${Math.round((f.now - lastActivity(t)) / 1000)} s`
          : `task ${id} is missing`,
      );
      continue;
    }
    if (t.status === "succeeded" && (!t.post_id || postsByTask.get(id)?.id !== t.post_id)) {
      lost++;
      problems.push(`task ${id} succeeded but its post ${t.post_id} is missing`);
    }
    if (t.status !== "failed") continue;
    const m = GAVE_UP.exec(t.error ?? "");
    if (m && Number(m[1]) >= f.maxAttempts && /injected/.test(m[2] ?? "")) deadLettered++;
    else problems.push(`task ${id} failed without exhausting ${f.maxAttempts} attempts on injected faults: ${t.error}`);
  }
  for (const [task, n] of extra(f.posts, (p) => p.task_id ?? p.id)) {
    duplicates += n;
    problems.push(`task ${task} has ${n + 1} posts`);
  }

  let published = 0;
  let publishFailed = 0;
  if (f.publishing) {
    const { media, accountOf } = f.publishing;
    const mine = f.posts.filter((p) => byId.has(p.task_id ?? ""));
    for (const p of mine) {
      const touched = typeof p.updated_at === "string" ? Date.parse(p.updated_at) : 0;
      if (!POST_TERMINAL.has(p.status) && recent(touched)) unfinished++;
      else if (!POST_TERMINAL.has(p.status)) {
        lost++;
        problems.push(
          `post ${p.id} is still ${p.status} with no attempt for ${Math.round((f.now - touched) / 1000)} s`,
        );
      } else if (p.status === "failed") publishFailed++;
      else if (!p.threads?.media_id) {
        lost++;
        problems.push(`post ${p.id} is published without a Threads media id`);
      } else published++;
    }
    for (const [mediaId, n] of extra(
      mine.filter((p) => p.threads?.media_id),
      (p) => p.threads?.media_id as string,
    )) {
      duplicates += n;
      problems.push(`Threads media ${mediaId} is claimed by ${n + 1} posts`);
    }
    // The fake's own record: the same text twice on one account is a double publish.
    for (const [key, n] of extra(media, (m) => `${m.account}\u0000${m.text}`)) {
      duplicates += n;
      problems.push(`account ${key.split("\u0000")[0]} shows the same text ${n + 1} times`);
    }
    const expected = new Map<string, number>();
    for (const p of mine)
      if (p.status === "published")
        expected.set(accountOf[p.persona_id] ?? "?", (expected.get(accountOf[p.persona_id] ?? "?") ?? 0) + 1);
    for (const [account, want] of expected) {
      const have = media.filter((m) => m.account === account).length;
      if (have < want) {
        lost += want - have;
        problems.push(`account ${account}: ${want} posts say published, Threads has ${have}`);
      }
    }
    for (const account of new Set(media.map((m) => m.account))) {
      const have = media.filter((m) => m.account === account).length;
      const want = expected.get(account) ?? 0;
      if (have > want)
        problems.push(`account ${account}: Threads has ${have} posts, only ${want} recorded as published`);
    }
  }
  const ok = lost === 0 && duplicates === 0 && problems.length === 0;
  return { lost, unfinished, duplicates, deadLettered, published, publishFailed, problems, ok };
}
