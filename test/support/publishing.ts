// Publishing test harness: personas with linked accounts, posts seeded in any state, the
// persona's Durable Object pointed at a fake Threads with chosen faults, and a loop that
// plays the queue (redeliver until the publisher stops asking for a retry).
import { env, runInDurableObject } from "cloudflare:test";
import type { PersonaAgentForTests as PersonaAgent } from "./persona-agent-test.ts";
import { agentOf } from "./persona-agent.ts";
import { openDb } from "../../workers/db/client.ts";
import { insertPersona } from "../../workers/db/personas.ts";
import { getPost, insertPost } from "../../workers/db/posts.ts";
import { insertPartsStatements } from "../../workers/db/post-parts.ts";
import type { PostAttachments, PostFormat, PostRow, PostStatus } from "../../workers/db/schema/index.ts";
import { inProcessFakeFetch, stableUserId } from "../../workers/fake-threads/index.ts";
import type { FakeThreadsOverrides } from "../../workers/fake-threads/index.ts";
import { ThreadsClient } from "../../workers/providers/threads/index.ts";
import type { ThreadsClientOptions } from "../../workers/providers/threads/index.ts";
import { saveAccount } from "../../workers/publishing/accounts.ts";
import type { PublishOutcome } from "../../workers/publishing/outcome.ts";
import type { PublishPoint } from "../../workers/publishing/publisher.ts";
import type { Schedule } from "../../workers/publishing/schedule.ts";

export const db = () => openDb(env.DB);
export const agent = agentOf;

export async function seedPersona(
  id: string,
  over: { schedule?: Schedule | null; autopilot?: boolean; timezone?: string; topics?: string[] } = {},
) {
  await insertPersona(
    db(),
    {
      id,
      name: id,
      description: null,
      tone: "warm",
      emoji: null,
      topics: over.topics ?? ["pricing"],
      language: "en",
      timezone: over.timezone ?? "UTC",
      guardrails: { blocked_words: [], block_personal_data: true },
      schedule: over.schedule ?? null,
      autopilot: over.autopilot ?? false,
    },
    Date.now(),
  );
}

/** Links an ad-hoc fake token (`fake-<persona>`): the fake maps it to a stable user. */
export async function seedAccount(personaId: string, token = `fake-${personaId}`, at = Date.now()) {
  return saveAccount(
    env,
    db(),
    {
      personaId,
      userId: stableUserId(token),
      accessToken: token,
      issuedAt: at,
      expiresAt: at + 60 * 86_400_000,
      username: personaId,
    },
    at,
  );
}

let seq = 0;
export async function seedPost(
  personaId: string,
  over: {
    text?: string;
    status?: PostStatus;
    scheduledAt?: number | null;
    attachments?: PostAttachments;
    format?: PostFormat;
  } = {},
): Promise<PostRow> {
  seq++;
  const stored = await insertPost(
    db(),
    {
      id: `pst_test${seq}_${Math.random().toString(36).slice(2, 8)}`,
      personaId,
      taskId: null,
      hook: "Hook",
      body: "Body",
      text: over.text ?? `Post ${seq} for ${personaId}: small prices hide big problems.`,
      topic: "pricing",
      trend: null,
      status: over.status ?? "publishing",
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
      models: [],
      scheduledAt: over.scheduledAt === undefined ? Date.now() : over.scheduledAt,
      attachments: over.attachments ?? null,
      format: over.format ?? "single",
    },
    Date.now(),
  );
  return (await getPost(db(), stored.id))!;
}

/** Points the persona's publisher at a fresh fake (own fault counters) and counts its calls. */
export async function useFake(
  personaId: string,
  fake: FakeThreadsOverrides = {},
  client: ThreadsClientOptions = {},
  checkpoint?: (p: PublishPoint, part: number) => void | Promise<void>,
) {
  const inner = inProcessFakeFetch(env, { enabled: true, processingMs: 200, ...fake });
  const calls: string[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(`${init?.method ?? "GET"} ${new URL(String(input)).pathname}`);
    return inner(input, init);
  };
  await runInDurableObject(agent(personaId), (instance: PersonaAgent) => {
    instance.threads = new ThreadsClient({ baseUrl: "http://agent.test/fake-threads", fetch, ...client });
    instance.publishCheckpoint = checkpoint;
    instance.publishTiming = { firstCheckMs: 100, checkEveryMs: 300, maxWaitMs: 5_000, inlineMaxMs: 1_000 };
  });
  return calls;
}

/** Redelivers like the queue would, until the outcome is final (or `max` attempts). */
export async function publishUntilSettled(
  personaId: string,
  postId: string,
  opts: { max?: number; pauseMs?: number } = {},
) {
  const outcomes: PublishOutcome[] = [];
  for (let attempt = 1; attempt <= (opts.max ?? 12); attempt++) {
    let o: PublishOutcome;
    try {
      o = await agent(personaId).publishPost(postId, attempt);
    } catch (err) {
      o = { kind: "retry", reason: `rpc: ${String(err)}` };
    }
    outcomes.push(o);
    if (o.kind !== "retry" && o.kind !== "waiting") break;
    if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
  }
  return outcomes;
}

export async function mediaOf(
  token: string,
): Promise<{ id: string; text: string; container_id: string; reply_to_id: string | null }[]> {
  const rows = await env.DB.prepare(
    "SELECT id, text, container_id, reply_to_id FROM fake_threads_media WHERE user_id = ? ORDER BY published_at, rowid",
  )
    .bind(stableUserId(token))
    .all<{ id: string; text: string; container_id: string; reply_to_id: string | null }>();
  return rows.results;
}

/** A chain post with these parts (root first), as the store step writes one. */
export async function seedChain(
  personaId: string,
  texts: string[],
  status: PostStatus = "publishing",
  attachments: PostAttachments | null = null,
) {
  seq++;
  const id = `pst_chain${seq}_${Math.random().toString(36).slice(2, 8)}`;
  await insertPost(
    db(),
    {
      id,
      personaId,
      taskId: null,
      hook: texts[0] ?? "",
      body: texts.slice(1).join("\n\n"),
      text: texts.join("\n\n"),
      topic: "pricing",
      trend: null,
      status,
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
      models: [],
      scheduledAt: Date.now(),
      format: "chain",
      attachments,
    },
    Date.now(),
    insertPartsStatements(db(), id, texts),
  );
  return (await getPost(db(), id))!;
}

export async function postRow(id: string): Promise<PostRow> {
  const post = await getPost(db(), id);
  if (!post) throw new Error(`no post ${id}`);
  return post;
}
