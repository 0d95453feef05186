// Deleting a persona (issue 10): nothing of it is published afterwards, through the real
// generate and publish queues and the real cron; its account, token, Durable Object storage
// and vectors are gone; published posts stay as marked history (or go with ?purge=true); a
// persona created later with the same id starts empty.
import { createScheduledController, env, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { PersonaAgentForTests as PersonaAgent } from "../support/persona-agent-test.ts";
import { settings } from "../../workers/settings/index.ts";
import { insertTask } from "../../workers/db/tasks.ts";
import { EmbedderStamp } from "../../workers/dedup/embedder-stamp.ts";
import { PersonaVectors } from "../../workers/dedup/persona-vectors.ts";
import { obsDb } from "../../workers/db/observability-db.ts";
import { duePosts } from "../../workers/insights/collect.ts";
import { eraseVectorizeVectors } from "../../workers/lifecycle/erase-vectors.ts";
import { OfflineEmbedder } from "../../workers/providers/embeddings/offline.ts";
import { services, vectorIndexFor } from "../../workers/services.ts";
import { VectorizeBindingDouble } from "../support/vectorize-binding.ts";
import worker from "../../workers/index.ts";
import { enqueueGenerate, sendPublishMessages } from "../../workers/durable/queues.ts";
import { api, count, createPersona, getTask, sleep, submitTask, waitForTask, waitUntil } from "../support/helpers.ts";
import { holdEmbeddings, wrapModel } from "../support/persona-agent.ts";
import { agent, db, mediaOf, seedAccount, seedPost, useFake } from "../support/publishing.ts";

const P = "calm-founder";
const TOKEN = `fake-${P}`;
const tick = (at: number) => worker.scheduled(createScheduledController({ cron: "* * * * *", scheduledTime: at }), env);

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Every model call of the persona's agent waits at `gate`; `started` counts calls that reached it. */
async function holdModel(gate: Promise<void>) {
  const started = { n: 0 };
  await wrapModel(P, async (req, real) => {
    started.n++;
    await gate;
    return real(req);
  });
  return started;
}

/** Rows of every table in the agent's SQLite except the migration log. */
async function doRows(personaId: string): Promise<Record<string, number>> {
  return runInDurableObject(agent(personaId), (_i, state) => {
    const tables = state.storage.sql
      .exec<{ name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != '_do_migrations'`,
      )
      .toArray();
    return Object.fromEntries(
      tables.map((t) => [
        t.name,
        state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM "${t.name}"`).one().n,
      ]),
    );
  });
}

// The agent keeps test overrides (model, Threads client) on its instance: start from a fresh one.
beforeEach(async () => {
  await runInDurableObject(agent(P), (instance: PersonaAgent) => {
    instance.providers = services(env).providers;
    instance.publishCheckpoint = undefined;
  });
});

describe("DELETE /v1/personas/:id with work in flight", () => {
  it("cancels queued and running tasks, drops scheduled posts, and publishes nothing afterwards", async () => {
    const now = Date.now();
    await createPersona({
      schedule: { kind: "spread", postsPerDay: 48, window: { start: "00:00", end: "23:59" } },
      autopilot: true,
    });
    await seedAccount(P, TOKEN);
    await useFake(P);

    // Running: 3 publish:"now" tasks through the API and the real generate queue, held in their first model call.
    const gate = deferred();
    const started = await holdModel(gate.promise);
    const running = await Promise.all(
      [1, 2, 3].map(() => submitTask({ persona_id: P, topic: "pricing your first product", publish: "now" })),
    );
    await waitUntil("3 tasks inside the model", async () => started.n >= 3);
    // Queued: 5 tasks whose messages the queue delivers only after the delete.
    const queued: string[] = [];
    for (let i = 0; i < 5; i++) {
      const t = await insertTask(
        db(),
        {
          id: `tsk_queued${i}`,
          personaId: P,
          publish: "now",
          input: { topic: `queued ${i}` },
          idempotencyKey: null,
          requestHash: null,
        },
        now,
      );
      queued.push(t?.id ?? "");
    }
    // Scheduled: one due in 5 s, one already due, one a post the publisher was about to take.
    const soon = await seedPost(P, {
      status: "scheduled",
      scheduledAt: now + 5_000,
      text: "scheduled five seconds out",
    });
    const due = await seedPost(P, { status: "scheduled", scheduledAt: now - 1_000, text: "already due" });
    const inFlight = await seedPost(P, { status: "publishing", text: "handed to the publisher" });
    const draft = await seedPost(P, { status: "draft", scheduledAt: null });
    const published = await seedPost(P, { status: "published", text: "published before the delete" });
    const tasks = [...running, ...queued];
    expect(
      await count("SELECT count(*) AS n FROM tasks WHERE status IN ('queued', 'running') AND persona_id = ?", P),
    ).toBe(8);

    const res = await api(`/v1/personas/${P}`, { method: "DELETE" });
    expect(res.status).toBe(204);

    // Everything that could still publish now gets its chance: the held model calls finish, the
    // queued messages arrive, a publish message for the in-flight post, and cron ticks (due posts,
    // autopilot, stale tasks and stale publishes 20 minutes on).
    gate.resolve();
    for (const id of queued) await enqueueGenerate(env.GENERATE_QUEUE, { task_id: id, persona_id: P });
    await sendPublishMessages(env.PUBLISH_QUEUE, [{ post_id: inFlight.id, persona_id: P }]);
    await tick(now + 10_000);
    for (const id of tasks) await waitForTask(id);
    await tick(now + 20 * 60_000);
    await sleep(1_500); // let any publish message the ticks might have sent be consumed

    const views = await Promise.all(tasks.map(getTask));
    expect(views.map((t) => t.status)).toEqual(Array(8).fill("cancelled"));
    expect(views.every((t) => t.post_id === null)).toBe(true);
    expect(await mediaOf(TOKEN)).toEqual([]);
    expect(await count("SELECT count(*) AS n FROM fake_threads_containers")).toBe(0);
    expect(
      await count("SELECT count(*) AS n FROM posts WHERE id IN (?, ?, ?, ?)", soon.id, due.id, inFlight.id, draft.id),
    ).toBe(0);
    expect(await count("SELECT count(*) AS n FROM posts WHERE persona_id = ?", P)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM tasks WHERE persona_id = ?", P)).toBe(0); // autopilot made none
    expect(
      await count(
        "SELECT count(*) AS n FROM posts WHERE id = ? AND deleted_persona_id = ? AND persona_deleted_at IS NOT NULL",
        published.id,
        P,
      ),
    ).toBe(1);

    // The token is gone from D1 and nothing is left in the Durable Object.
    expect(await count("SELECT count(*) AS n FROM threads_accounts WHERE persona_id = ?", P)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM threads_accounts")).toBe(0);
    const rows = await doRows(P);
    expect(Object.keys(rows)).toEqual(expect.arrayContaining(["pipeline_steps", "publish_ledger", "dedup_vectors"]));
    expect(Object.values(rows).reduce((a, b) => a + b, 0)).toBe(0);
  }, 60_000);

  it("a publish already talking to Threads stops before the publish call", async () => {
    await createPersona();
    await seedAccount(P, TOKEN);
    const post = await seedPost(P, { status: "publishing", text: "container made, not yet published" });
    const paused = deferred();
    const resume = deferred();
    await useFake(P, {}, {}, async (point) => {
      if (point === "container_stored") {
        paused.resolve();
        await resume.promise;
      }
    });
    const publishing = agent(P).publishPost(post.id, 1);
    await paused.promise;
    expect((await api(`/v1/personas/${P}`, { method: "DELETE" })).status).toBe(204);
    resume.resolve();
    const outcome = await publishing;
    expect(outcome).toMatchObject({ kind: "skipped", reason: expect.stringMatching(/persona was deleted/) });
    expect(await mediaOf(TOKEN)).toEqual([]);
  }, 60_000);

  it("a task in its duplicate check when the delete arrives stores and publishes nothing", async () => {
    await createPersona();
    await seedAccount(P, TOKEN);
    await useFake(P);
    // Hold the dedup step's embedding: the delete lands while dedup holds the persona lock.
    const release = await holdEmbeddings(P);
    const id = await submitTask({ persona_id: P, topic: "pricing", publish: "now" });
    await waitUntil("the dedup step", async () => (await getTask(id)).steps.some((s) => s.name === "dedup"));
    const deleting = api(`/v1/personas/${P}`, { method: "DELETE" });
    // The deletion has begun (and waits for the persona lock the dedup step holds).
    await waitUntil("the deletion to start", () =>
      runInDurableObject(
        agent(P),
        (instance: PersonaAgent) => (instance as unknown as { erasing: Promise<unknown> | null }).erasing !== null,
      ),
    );
    release();
    expect((await deleting).status).toBe(204);
    expect((await waitForTask(id)).status).toBe("cancelled");
    await sleep(1_000);
    expect(await mediaOf(TOKEN)).toEqual([]);
    expect(await count("SELECT count(*) AS n FROM posts")).toBe(0);
  }, 60_000);
});

describe("after the delete", () => {
  it("a persona created with the same id starts empty; the old published posts stay as marked history", async () => {
    await createPersona();
    await seedAccount(P, TOKEN);
    const task = await waitForTask(
      await submitTask({ persona_id: P, topic: "pricing your first SaaS", publish: "draft" }),
    );
    const oldDraft = (await (await api(`/v1/posts/${task.post_id}`)).json()) as { text: string };
    const published = await seedPost(P, { status: "published", text: oldDraft.text });
    await env.DB.prepare(
      "INSERT INTO post_metrics (post_id, persona_id, captured_at, views, likes) VALUES (?, ?, ?, 100, 7)",
    )
      .bind(published.id, P, Date.now())
      .run();
    expect((await doRows(P))["dedup_vectors"]).toBe(1);

    expect((await api(`/v1/personas/${P}`, { method: "DELETE" })).status).toBe(204);
    expect((await api(`/v1/personas/${P}`)).status).toBe(404);
    expect((await api(`/v1/personas/${P}`, { method: "DELETE" })).status).toBe(404);
    await createPersona();

    const own = (await (await api(`/v1/posts?persona_id=${P}`)).json()) as { data: unknown[] };
    expect(own.data).toEqual([]);
    expect(((await (await api(`/v1/tasks?persona_id=${P}`)).json()) as { data: unknown[] }).data).toEqual([]);
    expect((await api(`/v1/personas/${P}/threads-account`)).status).toBe(404);
    expect(await doRows(P)).toSatisfy((rows: Record<string, number>) => Object.values(rows).every((n) => n === 0));
    // Its dedup index is empty: the old post's own text is not a duplicate any more.
    const check = (await (
      await api(`/v1/personas/${P}/dedup/check`, { method: "POST", json: { text: oldDraft.text } })
    ).json()) as { matches: unknown[] };
    expect(check.matches).toEqual([]);

    const all = (await (await api("/v1/posts")).json()) as {
      data: { id: string; persona_id: string; persona_deleted_at: string | null; metrics: { views: number } | null }[];
    };
    expect(all.data).toHaveLength(1);
    expect(all.data[0]).toMatchObject({
      id: published.id,
      persona_id: P,
      persona_deleted_at: expect.any(String),
      metrics: { views: 100 },
    });
    const history = (await (await api(`/v1/posts?deleted_persona_id=${P}`)).json()) as { data: { id: string }[] };
    expect(history.data.map((p) => p.id)).toEqual([published.id]);
    expect(await getTask(task.id)).toMatchObject({
      persona_id: P,
      status: "succeeded",
      persona_deleted_at: expect.any(String),
    } as object);
    // History cannot be published again under the new persona.
    expect((await api(`/v1/posts/${published.id}/publish`, { method: "POST" })).status).toBe(409);
  }, 60_000);

  it("insights stop polling a deleted persona's history (its account and token are gone)", async () => {
    await createPersona();
    await seedAccount(P, TOKEN);
    const post = await seedPost(P, { status: "published" });
    const hourAgo = Date.now() - 3_600_000;
    await env.DB.prepare("UPDATE posts SET threads_media_id = 'm_hist', published_at = ? WHERE id = ?")
      .bind(hourAgo, post.id)
      .run();
    const due = async () => (await duePosts(obsDb(env.DB), Date.now())).map((p) => p.post_id);
    expect(await due()).toEqual([post.id]);
    expect((await api(`/v1/personas/${P}`, { method: "DELETE" })).status).toBe(204);
    expect(await due()).toEqual([]);
  }, 60_000);

  it("?purge=true deletes the published posts and their metrics too", async () => {
    await createPersona();
    const published = await seedPost(P, { status: "published" });
    await env.DB.prepare("INSERT INTO post_metrics (post_id, persona_id, captured_at, views) VALUES (?, ?, ?, 10)")
      .bind(published.id, P, Date.now())
      .run();
    const task = await waitForTask(await submitTask({ persona_id: P, topic: "pricing", publish: "draft" }));
    expect((await api(`/v1/personas/${P}?purge=maybe`, { method: "DELETE" })).status).toBe(400);
    expect((await api(`/v1/personas/${P}?purge=true`, { method: "DELETE" })).status).toBe(204);
    expect(await count("SELECT count(*) AS n FROM posts")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM post_metrics")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM tasks")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM task_steps WHERE task_id = ?", task.id)).toBe(0);
  }, 60_000);

  it("the publisher, the cron and the manual routes refuse posts whose persona no longer exists", async () => {
    // Left behind by a persona deleted before deletion cleaned up (or by a race): an orphan post.
    const orphanDue = await seedPost("ghost", { status: "scheduled", scheduledAt: Date.now() - 60_000 });
    const orphanDraft = await seedPost("ghost", { status: "draft", scheduledAt: null });
    await tick(Date.now());
    expect(await count("SELECT count(*) AS n FROM posts WHERE id = ? AND status = 'scheduled'", orphanDue.id)).toBe(1);
    const publish = await api(`/v1/posts/${orphanDraft.id}/publish`, { method: "POST" });
    expect(publish.status).toBe(409);
    expect(((await publish.json()) as { error: { message: string } }).error.message).toMatch(
      /persona 'ghost' was deleted/,
    );
    expect(
      (
        await api(`/v1/posts/${orphanDraft.id}/schedule`, {
          method: "POST",
          json: { at: new Date(Date.now() + 3_600_000).toISOString() },
        })
      ).status,
    ).toBe(409);
    const direct = await agent("ghost").publishPost(orphanDue.id, 1);
    expect(direct).toMatchObject({ kind: "failed", reason: expect.stringMatching(/persona 'ghost' no longer exists/) });
  }, 60_000);
});

describe("vectors in Vectorize", () => {
  it("every vector of the persona's posts goes, other personas' stay", async () => {
    const binding = new VectorizeBindingDouble({ dimensions: 512, metadataIndexes: ["created_at"] });
    const withVectorize = new Proxy(env, { get: (t, k) => (k === "VECTORIZE" ? binding : Reflect.get(t, k)) });
    await runInDurableObject(agent("vectorize-erase"), async (_i, state) => {
      const embedder = new OfflineEmbedder();
      const s = settings(env);
      const config = { ...s, dedup: { ...s.dedup, vectorIndex: "vectorize" as const } };
      const vectors = new PersonaVectors(
        embedder,
        () => vectorIndexFor(withVectorize, config, 512, state.storage.sql),
        new EmbedderStamp(state.storage.sql),
      );
      const mine = [await seedPost(P, { status: "published" }), await seedPost(P, { status: "draft" })];
      const theirs = await seedPost("someone-else", { status: "published" });
      for (const p of [...mine, theirs])
        await vectors.add(p.personaId, p.id, (await vectors.embed(p.text)).vector, p.createdAt);
      binding.processMutations(); // Vectorize applies writes asynchronously (the double models the lag)
      expect(binding.vectors.size).toBe(3);
      expect(await eraseVectorizeVectors(db(), vectors, P)).toBe(2);
      binding.processMutations();
      expect([...binding.vectors.values()].map((v) => v.namespace)).toEqual(["someone-else"]);
    });
  }, 60_000);
});

describe("OAuth for a persona that does not exist", () => {
  /** The callback URL Threads sends the browser to, and that browser's flow cookie. */
  async function approvedCallback(): Promise<{ path: string; cookie: string }> {
    const connect = await api(`/v1/personas/${P}/threads-account/connect`);
    const cookie = (connect.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { authorize_url } = (await connect.json()) as { authorize_url: string };
    const url = new URL(authorize_url);
    const approved = await api(url.pathname + url.search, { key: null, redirect: "manual" });
    const back = new URL(approved.headers.get("location") ?? "");
    return { path: back.pathname + back.search, cookie };
  }

  it("connect is a 404; a callback after the delete links nothing", async () => {
    expect((await api(`/v1/personas/${P}/threads-account/connect`)).status).toBe(404);
    await createPersona();
    const callback = await approvedCallback();
    expect((await api(`/v1/personas/${P}`, { method: "DELETE" })).status).toBe(204);
    const res = await api(callback.path, { key: null, headers: { cookie: callback.cookie } });
    expect(res.status).toBe(400); // its state was dropped with the persona
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /^state: unknown, used, expired/,
    );
    expect(await count("SELECT count(*) AS n FROM threads_accounts")).toBe(0);
  }, 60_000);

  it("a callback racing the delete (state still there, persona gone) is refused with a clear reason", async () => {
    await createPersona();
    const callback = await approvedCallback();
    await env.DB.prepare("DELETE FROM personas WHERE id = ?").bind(P).run();
    const res = await api(callback.path, { key: null, headers: { cookie: callback.cookie } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      `persona '${P}' no longer exists; the Threads account was not linked`,
    );
    expect(await count("SELECT count(*) AS n FROM threads_accounts")).toBe(0);
  }, 60_000);
});
