// History sync from (the fake) Threads: linking an account starts it; the job pages through the
// account's posts with their insights, stores each page with its cursor, resumes after a
// throttled page, stops at its cap, and a second sync imports nothing twice. Done when a linked
// account with history has voice examples, best times and training data before its first post,
// and no imported post is ever published.
import { env, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { insertHistoryJob } from "../../workers/db/history-jobs.ts";
import { bestPostsForVoice } from "../../workers/db/voice-examples.ts";
import { inProcessFakeFetch, stableUserId } from "../../workers/fake-threads/index.ts";
import { historyPostsFor } from "../../workers/fake-threads/history.ts";
import { ThreadsClient } from "../../workers/providers/threads/index.ts";
import { publishDuePosts } from "../../workers/cron/publish-due-posts.ts";
import { api, count, createPersona, waitUntil } from "../support/helpers.ts";
import { agentOf } from "../support/persona-agent.ts";
import type { PersonaAgentForTests } from "../support/persona-agent-test.ts";
import { db, seedAccount } from "../support/publishing.ts";

const HISTORY = 60;

/** Points the persona's Durable Object at a fake whose accounts have HISTORY earlier posts. */
async function fakeWithHistory(persona: string, fail = "") {
  const calls: string[] = [];
  const inner = inProcessFakeFetch(env, { enabled: true, historyPosts: HISTORY, fail });
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(new URL(String(input)).pathname);
    return inner(input, init);
  };
  await runInDurableObject(agentOf(persona), (instance: PersonaAgentForTests) => {
    instance.threads = new ThreadsClient({ baseUrl: "http://agent.test/fake-threads", fetch });
  });
  return calls;
}

interface JobView {
  id: string;
  status: string;
  seen: number;
  imported: number;
  duplicates: number;
  rejected: number;
  pages: number;
  error: string | null;
}

async function job(persona: string, id: string): Promise<JobView> {
  return (await api(`/v1/personas/${persona}/history/jobs/${id}`)).json() as Promise<JobView>;
}

async function finished(persona: string, id: string): Promise<JobView> {
  let last: JobView | undefined;
  await waitUntil(`history job ${id}`, async () => {
    last = await job(persona, id);
    return ["succeeded", "failed", "cancelled"].includes(last.status);
  });
  return last as JobView;
}

const importedCount = (persona: string) =>
  count("SELECT count(*) AS n FROM posts WHERE persona_id = ? AND origin = 'imported'", persona);

describe("history sync", () => {
  beforeEach(async () => {
    for (const p of ["sync-link", "sync-cap", "sync-throttle"])
      await api(`/v1/personas/${p}?purge=true`, { method: "DELETE" });
  });

  it("a linked account with history has voice examples, best times and training data before its first post, and nothing is published", async () => {
    const P = "sync-link";
    await createPersona({
      id: P,
      name: "Sync Link",
      timezone: "UTC",
      schedule: { kind: "times", times: ["09:00", "18:00"], timezone: "UTC" },
    });
    await fakeWithHistory(P);
    const linked = await api(`/v1/personas/${P}/threads-account`, {
      method: "PUT",
      json: { user_id: stableUserId(`fake-${P}`), access_token: `fake-${P}` },
    });
    expect(linked.status).toBe(200);
    const jobId = ((await linked.json()) as { history_job_id: string }).history_job_id;
    expect(jobId).toMatch(/^hsj_/);

    const done = await finished(P, jobId);
    expect(done).toMatchObject({ status: "succeeded", seen: HISTORY, imported: HISTORY, duplicates: 0, rejected: 0 });
    expect(done.pages).toBe(Math.ceil(HISTORY / 25));
    expect(await importedCount(P)).toBe(HISTORY);
    // Each imported post has its insights in post_metrics: the data the score trains on.
    expect(
      await count(
        "SELECT count(DISTINCT m.post_id) AS n FROM post_metrics m JOIN posts p ON p.id = m.post_id WHERE p.persona_id = ? AND p.origin = 'imported' AND m.views > 0",
        P,
      ),
    ).toBe(HISTORY);
    expect(await count("SELECT count(*) AS n FROM posts WHERE persona_id = ? AND origin = 'generated'", P)).toBe(0);

    // Voice examples come from the account's own best posts.
    const fakeTexts = new Set(
      historyPostsFor("threads-agent", stableUserId(`fake-${P}`), HISTORY, Date.now()).map((p) => p.text),
    );
    const voice = await bestPostsForVoice(env.DB, P);
    expect(voice).toHaveLength(3);
    for (const t of voice) expect(fakeTexts.has(t)).toBe(true);

    // Best times from the imported posts.
    const best = (await (await api(`/v1/personas/${P}/best-times`)).json()) as {
      posts: number;
      imported_posts: number;
      best: { hour: number }[];
      cells: unknown[];
    };
    expect(best.posts).toBe(HISTORY);
    expect(best.imported_posts).toBe(HISTORY);
    expect(best.cells).toHaveLength(168);
    expect(best.best.length).toBeGreaterThan(0);

    // Nothing imported goes out: the due-posts cron finds nothing, and the fake has no new media.
    const mediaBefore = await count(
      "SELECT count(*) AS n FROM fake_threads_media WHERE user_id = ?",
      stableUserId(`fake-${P}`),
    );
    await publishDuePosts(env, Date.now());
    expect(await count("SELECT count(*) AS n FROM posts WHERE persona_id = ? AND status != 'published'", P)).toBe(0);
    expect(
      await count("SELECT count(*) AS n FROM fake_threads_media WHERE user_id = ?", stableUserId(`fake-${P}`)),
    ).toBe(mediaBefore);
    expect(mediaBefore).toBe(HISTORY);

    // A second sync reads the same posts and imports none of them again.
    const again = await api(`/v1/personas/${P}/history/sync`, { method: "POST" });
    expect(again.status).toBe(202);
    const second = await finished(P, ((await again.json()) as JobView).id);
    expect(second).toMatchObject({ status: "succeeded", seen: HISTORY, imported: 0, duplicates: HISTORY });
    expect(await importedCount(P)).toBe(HISTORY);
    expect(await count("SELECT count(*) AS n FROM post_metrics WHERE persona_id = ?", P)).toBe(HISTORY);
  });

  it("stops at the job's cap and resumes a throttled page from its stored cursor", async () => {
    const P = "sync-throttle";
    await createPersona({ id: P, name: "Sync Throttle" });
    await seedAccount(P);
    // The second list call is throttled (Graph code 613), once.
    const calls = await fakeWithHistory(P, "list:613#1");
    const row = await insertHistoryJob(
      db(),
      { id: "hsj_throttle", personaId: P, trigger: "manual", cap: 40 },
      Date.now(),
    );
    const agent = agentOf(P);
    const outcomes: string[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const o = await agent.syncHistory(row.id, attempt);
      outcomes.push(o.kind);
      if (o.kind === "done") break;
    }
    // The first call was throttled: retried; then two pages (25 + 15) up to the cap of 40.
    expect(outcomes).toEqual(["retry", "done"]);
    const done = await job(P, row.id);
    expect(done).toMatchObject({ status: "succeeded", seen: 40, imported: 40, pages: 2 });
    expect(await importedCount(P)).toBe(40);
    expect(calls.filter((c) => c.endsWith("/threads")).length).toBe(3);
    expect(calls.filter((c) => c.endsWith("/insights")).length).toBe(40);
  });

  it("needs a linked account, and answers the running sync instead of starting a second", async () => {
    const P = "sync-cap";
    await createPersona({ id: P, name: "Sync Cap" });
    const none = await api(`/v1/personas/${P}/history/sync`, { method: "POST" });
    expect(none.status).toBe(409);
    await seedAccount(P);
    await insertHistoryJob(db(), { id: "hsj_running", personaId: P, trigger: "manual", cap: 10 }, Date.now());
    const res = await api(`/v1/personas/${P}/history/sync`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as JobView).id).toBe("hsj_running");
    const list = (await (await api(`/v1/personas/${P}/history/jobs`)).json()) as { data: JobView[] };
    expect(list.data.map((j) => j.id)).toEqual(["hsj_running"]);
  });
});
