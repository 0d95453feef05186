// The soak must fail loudly: a lost task, a second post for a task, a double publish or a
// dead letter that did not use every attempt each turn the verdict red.
import { describe, expect, it } from "vitest";
import type { PostView, TaskView } from "../../bench/lib/api.ts";
import { judgeSoak } from "../../bench/soak/verdict.ts";
import type { SoakFacts } from "../../bench/soak/verdict.ts";

// Task times below are on 2026-11-24; NOW is long after them unless a test says otherwise.
const NOW = Date.parse("2026-11-24T01:00:00.000Z");
const task = (id: string, over: Partial<TaskView> = {}): TaskView => ({
  id,
  persona_id: "p1",
  status: "succeeded",
  post_id: `pst_${id}`,
  error: null,
  attempts: 1,
  created_at: "2026-11-24T00:00:00.000Z",
  started_at: "2026-11-24T00:00:00.100Z",
  finished_at: "2026-11-24T00:00:00.200Z",
  steps: [],
  ...over,
});
const post = (taskId: string, over: Partial<PostView> = {}): PostView => ({
  id: `pst_${taskId}`,
  persona_id: "p1",
  task_id: taskId,
  hook: "h",
  status: "draft",
  ...over,
});

function facts(over: Partial<SoakFacts> = {}): SoakFacts {
  return {
    rejectedSubmissions: 0,
    accepted: ["a", "b"],
    tasks: [task("a"), task("b")],
    posts: [post("a"), post("b")],
    maxAttempts: 6,
    publishing: null,
    now: NOW,
    maxGapMs: 30_000,
    ...over,
  };
}

describe("soak verdict", () => {
  it("passes a clean run", () => {
    expect(judgeSoak(facts())).toMatchObject({ ok: true, lost: 0, duplicates: 0 });
  });

  it("counts a task with no attempt for longer than the largest retry gap, a missing task and a vanished post as lost", () => {
    const v = judgeSoak(
      facts({ accepted: ["a", "b", "c"], tasks: [task("a", { status: "running" }), task("b")], posts: [] }),
    );
    expect(v).toMatchObject({ ok: false, lost: 3, unfinished: 0 });
  });

  it("reports work still retrying (touched within the largest retry gap) as unfinished, not lost", () => {
    const recent = new Date(NOW - 5_000).toISOString();
    const retrying = task("a", {
      status: "running",
      post_id: null,
      finished_at: null,
      steps: [
        {
          name: "hook",
          status: "failed",
          attempt: 2,
          started_at: recent,
          finished_at: recent,
          duration_ms: 1,
          error: "injected",
          detail: null,
        },
      ],
    });
    const v = judgeSoak(facts({ tasks: [retrying, task("b")], posts: [post("b")] }));
    expect(v).toMatchObject({ lost: 0, unfinished: 1, duplicates: 0 });
    // The same task silent for longer than the gap is lost.
    expect(judgeSoak(facts({ tasks: [retrying, task("b")], posts: [post("b")], now: NOW + 60_000 }))).toMatchObject({
      lost: 1,
      unfinished: 0,
      ok: false,
    });
    // A post still publishing but touched recently is unfinished too.
    const publishing = post("a", { status: "publishing", updated_at: recent });
    const pv = judgeSoak(
      facts({
        posts: [publishing, post("b", { status: "published", threads: { media_id: "m2" } })],
        publishing: { media: [{ account: "u1", id: "m2", text: "x" }], accountOf: { p1: "u1" } },
      }),
    );
    expect(pv).toMatchObject({ lost: 0, unfinished: 1, duplicates: 0 });
  });

  it("counts a second post for one task as a duplicate", () => {
    const v = judgeSoak(facts({ posts: [post("a"), post("b"), post("a", { id: "pst_other" })] }));
    expect(v.ok).toBe(false);
    expect(v.duplicates).toBe(1);
  });

  it("accepts dead letters only after every attempt on injected faults", () => {
    const exhausted = task("a", {
      status: "failed",
      post_id: null,
      attempts: 6,
      error: "gave up after 6 attempts: hook: offline model: injected transient failure (OFFLINE_LLM_FAULT_RATE)",
    });
    expect(judgeSoak(facts({ tasks: [exhausted, task("b")] }))).toMatchObject({ ok: true, deadLettered: 1 });
    const early = { ...exhausted, error: "gave up after 2 attempts: hook: offline model: injected transient failure" };
    expect(judgeSoak(facts({ tasks: [early, task("b")] })).ok).toBe(false);
    const bug = { ...exhausted, error: "store: D1_ERROR: no such column" };
    expect(judgeSoak(facts({ tasks: [bug, task("b")] })).ok).toBe(false);
  });

  it("with publishing, catches a double publish on Threads and a post Threads never got", () => {
    const published = [
      post("a", { status: "published", threads: { media_id: "m1" } }),
      post("b", { status: "published", threads: { media_id: "m2" } }),
    ];
    const media = [
      { account: "u1", id: "m1", text: "hello" },
      { account: "u1", id: "m2", text: "world" },
    ];
    const clean = judgeSoak(facts({ posts: published, publishing: { media, accountOf: { p1: "u1" } } }));
    expect(clean).toMatchObject({ ok: true, published: 2 });
    const twice = judgeSoak(
      facts({
        posts: published,
        publishing: { media: [...media, { account: "u1", id: "m3", text: "hello" }], accountOf: { p1: "u1" } },
      }),
    );
    expect(twice).toMatchObject({ ok: false, duplicates: 1 });
    const missing = judgeSoak(
      facts({ posts: published, publishing: { media: media.slice(0, 1), accountOf: { p1: "u1" } } }),
    );
    expect(missing).toMatchObject({ ok: false, lost: 1 });
    const stuck = judgeSoak(
      facts({
        posts: [published[0] as PostView, post("b", { status: "publishing" })],
        publishing: { media: media.slice(0, 1), accountOf: { p1: "u1" } },
      }),
    );
    expect(stuck).toMatchObject({ ok: false, lost: 1 });
  });
});
