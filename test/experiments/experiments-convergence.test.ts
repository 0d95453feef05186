// Done-when of issue 11: a persona on autopilot publishing to the fake Threads, with a hook_style
// experiment (question vs statement), converges on the arm the fake truly favours (question
// hooks draw replies: docs/fake-threads.md), visible in the API; the winner is promoted, so the
// next task writes a question hook without any experiment. Issue 20: under an audience that
// disagrees with that prior (FAKE_THREADS_AUDIENCE contrarian, for this account only) the same
// loop promotes statements instead. An A/A experiment on the same loop's evaluator never ends
// `winner`.
import { createScheduledController, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { openDb } from "../../workers/db/client.ts";
import { obsDb } from "../../workers/db/observability-db.ts";
import { insertAssignments } from "../../workers/db/experiments.ts";
import { insertPost } from "../../workers/db/posts.ts";
import { engagementAt } from "../../workers/fake-threads/engagement.ts";
import { inProcessFakeFetch, stableUserId } from "../../workers/fake-threads/index.ts";
import { recordPostMetrics } from "../../workers/insights/queries.ts";
import { insightsJob } from "../../workers/observability/jobs.ts";
import { ThreadsClient } from "../../workers/providers/threads/index.ts";
import worker from "../../workers/index.ts";
import { publishDuePosts } from "../../workers/cron/publish-due-posts.ts";
import { api, createPersona, submitTask, waitForTask } from "../support/helpers.ts";
import { seedAccount } from "../support/publishing.ts";

const HOUR = 3_600_000;
const TOPICS = Array.from(
  { length: 50 },
  (_, i) =>
    `${["pricing", "hiring", "churn", "onboarding", "retention", "fundraising", "roadmaps", "support", "sales", "content"][i % 10]} for ${["solo founders", "agencies", "B2B SaaS", "marketplaces", "indie hackers"][Math.floor(i / 10)]}`,
);

const tick = (cron: string, at: number) =>
  worker.scheduled(createScheduledController({ cron, scheduledTime: at }), env);

async function until<T>(what: string, fn: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > end) {
      const rows = await env.DB.prepare(
        "SELECT status, error, scheduled_at, count(*) AS n FROM posts GROUP BY status, error",
      ).all();
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(rows.results)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const count = async (sql: string, ...args: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...args)
      .first<{ n: number }>()
  )?.n ?? 0;

/**
 * The fake's insights as of `at` (its clock moved on; the Worker's fake shares the same D1), with
 * FAKE_THREADS_AUDIENCE `audiences` (unset: the default audience).
 */
function insightsAt(persona: string, at: number, audiences?: string) {
  const client = new ThreadsClient({
    baseUrl: "http://agent.test/fake-threads",
    fetch: inProcessFakeFetch(env, { enabled: true, now: () => at, ...(audiences ? { audiences } : {}) }),
  });
  const token = `fake-${persona}`;
  return insightsJob({
    db: obsDb(env.DB),
    now: at,
    fetchPostInsights: (p) => client.getPostInsights(p.threads_media_id, token),
    fetchFollowers: async () => (await client.getAccountInsights("me", token)).followersCount,
  });
}

const AUDIENCES = [
  { persona: "hooks", audience: "default", winner: "question", loser: "statement", audiences: undefined },
  // This account alone gets the contrarian taste (statements ×1.4, questions ×0.7); others keep the default.
  {
    persona: "hooks-contrarian",
    audience: "contrarian",
    winner: "statement",
    loser: "question",
    audiences: `default,${stableUserId("fake-hooks-contrarian")}=contrarian`,
  },
] as const;

describe.each(AUDIENCES)("a hook_style experiment on autopilot, $audience audience", (c) => {
  const PERSONA = c.persona;
  it(`converges on ${c.winner} hooks, promotes them, and the next post uses the winner`, async () => {
    // dedup_threshold 0.95: the experiment is under test, so near-identical autopilot posts must still be stored.
    await createPersona({
      id: PERSONA,
      name: "Hooks",
      topics: TOPICS,
      quality_threshold: 0,
      dedup_threshold: 0.95,
      autopilot: true,
      schedule: { kind: "spread", postsPerDay: 250, window: { start: "00:00", end: "23:59" } },
    });
    await seedAccount(PERSONA);
    const created = await api("/v1/experiments", {
      method: "POST",
      json: {
        name: "Question vs statement",
        persona_id: PERSONA,
        dimension: "hook_style",
        arms: ["question", "statement"],
        min_posts_per_arm: 10,
      },
    });
    expect(created.status).toBe(201);
    const expId = ((await created.json()) as { id: string }).id;

    const t0 = Date.now();
    let status = "running";
    for (let round = 0; round < 10 && status === "running"; round++) {
      const at = t0 + round * 2 * HOUR;
      await tick("* * * * *", at); // autopilot: one task per free slot in the next 2 h
      await until("tasks to finish", async () =>
        (await count("SELECT count(*) AS n FROM tasks WHERE status IN ('queued','running')")) === 0 ? true : null,
      );
      await publishDuePosts(env, at + 2 * HOUR); // the every-minute publishing job, two hours on
      await until("posts to publish", async () =>
        (await count("SELECT count(*) AS n FROM posts WHERE status IN ('scheduled','publishing')")) === 0 ? true : null,
      );
      // A day later the fake reports each post's engagement; the quarter-hour cron evaluates.
      const look = t0 + 24 * HOUR + round * 15 * 60_000;
      await insightsAt(PERSONA, look, c.audiences);
      await tick("*/15 * * * *", look);
      status = ((await (await api(`/v1/experiments/${expId}`)).json()) as { status: string }).status;
    }

    const exp = (await (await api(`/v1/experiments/${expId}`)).json()) as {
      status: string;
      decision: { winner: string | null; p_value: number; srm: { flagged: boolean } };
      arms: {
        arm: string;
        posts: number;
        engagement_rate: number;
        interval: [number, number];
        chance_to_be_best: number;
      }[];
    };
    expect(exp.status).toBe("winner");
    expect(exp.decision.winner).toBe(c.winner);
    expect(exp.decision.p_value).toBeLessThan(0.05);
    expect(exp.decision.srm.flagged).toBe(false);
    const q = exp.arms.find((a) => a.arm === c.winner);
    const s = exp.arms.find((a) => a.arm === c.loser);
    expect(q?.posts).toBeGreaterThanOrEqual(10);
    expect(s?.posts).toBeGreaterThanOrEqual(10);
    expect(q?.engagement_rate).toBeGreaterThan(s?.engagement_rate ?? 1);
    expect(q?.interval[0]).toBeLessThan(q?.engagement_rate ?? 0);
    expect(q?.chance_to_be_best).toBeGreaterThan(0.95);
    // Every published post says which arm it got, and every hook realises its arm: rewrites (dedup,
    // quality gate, hook fatigue) keep an experiment's style.
    const posts = (await (await api(`/v1/posts?persona_id=${PERSONA}&status=published&limit=100`)).json()) as {
      data: { hook: string; experiments: { arm: string }[] }[];
    };
    expect(posts.data.every((p) => p.experiments.length === 1)).toBe(true);
    const unrealised = posts.data.filter(
      (p) => (p.experiments[0]?.arm === "question") !== /\?\s*\S{0,3}$/u.test(p.hook.split("\n")[0] ?? ""),
    );
    expect(unrealised.map((p) => `${p.experiments[0]?.arm}: ${p.hook}`)).toEqual([]);

    // Promoted: a new task (the experiment is over) writes the winner's hook as the persona's default.
    await api(`/v1/personas/${PERSONA}`, { method: "PATCH", json: { autopilot: false } });
    const next = await waitForTask(
      await submitTask({ persona_id: PERSONA, topic: "a brand new topic", publish: "draft" }),
    );
    expect(next.steps.find((s) => s.name === "ingest")?.detail).toMatchObject({
      arms: { hook_style: c.winner },
      experiments: [],
      defaults: ["hook_style"],
    });
    const model = (await (await api(`/v1/personas/${PERSONA}/score-model`)).json()) as {
      trained_posts: number;
      spearman: number | null;
    };
    // Trained on at least every post the experiment measured (it can decide at exactly 10 per arm).
    expect(model.trained_posts).toBeGreaterThanOrEqual((q?.posts ?? 0) + (s?.posts ?? 0));
    expect(model.spearman).not.toBeNull();
  }, 300_000);
});

describe("an A/A experiment", () => {
  it("never ends winner: both arms publish the same kind of post", async () => {
    await createPersona({ id: "aa", name: "AA", topics: ["pricing"] });
    const exp = (await (
      await api("/v1/experiments", {
        method: "POST",
        json: { name: "A/A", persona_id: "aa", dimension: "post_hour", arms: ["09", "10"], min_posts_per_arm: 10 },
      })
    ).json()) as { id: string };
    const db = openDb(env.DB);
    const t0 = Date.UTC(2026, 10, 1, 0, 0);
    // Posts arrive two an hour; the fake's engagement does not depend on the hour, so the arms are equal.
    const statuses = new Set<string>();
    for (let i = 0; i < 160; i++) {
      const at = t0 + i * 30 * 60_000;
      const text = `Pricing is a conversation, not a number. Note ${i} for the team.`;
      const row = await insertPost(
        db,
        {
          id: `pst_aa${i}`,
          personaId: "aa",
          taskId: `tsk_aa${i}`,
          hook: "Pricing is a conversation",
          body: "",
          text,
          topic: "pricing",
          trend: null,
          status: "published",
          promptTokens: 0,
          completionTokens: 0,
          costUsd: 0,
          models: [],
          scheduledAt: at,
        },
        at,
      );
      await env.DB.prepare("UPDATE posts SET published_at = ? WHERE id = ?").bind(at, row.id).run();
      await insertAssignments(
        db,
        [
          {
            experimentId: exp.id,
            taskId: `tsk_aa${i}`,
            personaId: "aa",
            dimension: "post_hour",
            arm: i % 2 ? "09" : "10",
          },
        ],
        at,
      );
      await env.DB.prepare("UPDATE experiment_assignments SET post_id = ? WHERE task_id = ?")
        .bind(row.id, `tsk_aa${i}`)
        .run();
      await recordPostMetrics(obsDb(env.DB), {
        post_id: row.id,
        persona_id: "aa",
        captured_at: at + 24 * HOUR,
        ...engagementAt({ text, seed: "aa-seed", elapsedMs: 24 * HOUR }),
      });
      // Look every 15 minutes once posts start maturing (the evaluator reads each one at 24 h).
      if (i % 4 === 3) {
        await tick("*/15 * * * *", at + 24 * HOUR + 15 * 60_000);
        const s = ((await (await api(`/v1/experiments/${exp.id}`)).json()) as { status: string }).status;
        statuses.add(s);
        if (s !== "running") break;
      }
    }
    expect(statuses.has("winner")).toBe(false);
    const final = (await (await api(`/v1/experiments/${exp.id}`)).json()) as {
      status: string;
      arms: { posts: number }[];
    };
    expect(["running", "no_difference"]).toContain(final.status);
    expect(final.arms.every((a) => a.posts >= 10)).toBe(true);
  }, 300_000);
});
