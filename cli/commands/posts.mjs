// post (write one, with live step progress), posts list|show|rm, publish, schedule, unschedule, task.
import { CliError, EXIT, usageError } from "../client.mjs";
import { readEvents } from "../../dashboard/event-stream.js";
import { bold, clip, dim, fields, green, num, pct, red, table, usd, when, yellow } from "../render.mjs";

const e = encodeURIComponent;
const MODES = ["now", "schedule", "draft"];

const took = (ms) => (ms == null ? "" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
const mark = (status) =>
  status === "succeeded" ? green("✓") : status === "running" ? yellow("…") : status === "skipped" ? dim("–") : red("✗");

export function showPost(p) {
  const m = p.metrics;
  return [
    fields([
      ["id", bold(p.id)],
      ["persona", p.persona_id],
      ["status", p.status],
      ["origin", p.origin === "imported" ? "imported (the account's earlier post; never published here)" : undefined],
      ["topic", p.topic],
      [
        "sources",
        p.sources?.length ? p.sources.map((s) => [s.title, s.url].filter(Boolean).join(" — ")).join("\n  ") : undefined,
      ],
      ["scheduled", p.scheduled_at ? when(p.scheduled_at) : undefined],
      ["published", p.published_at ? when(p.published_at) : undefined],
      ["permalink", p.threads.permalink ?? undefined],
      [
        "score",
        p.score == null
          ? undefined
          : typeof p.score === "number"
            ? p.score.toFixed(2)
            : `${p.score.score?.toFixed(2)} (predicted ER ${pct(p.score.predicted_engagement_rate)}${p.score.measured_engagement_rate != null ? `, measured ${pct(p.score.measured_engagement_rate)}` : ""})`,
      ],
      [
        "experiments",
        p.experiments?.length ? p.experiments.map((x) => `${x.dimension}=${x.arm} (${x.id})`).join(", ") : undefined,
      ],
      ["cost", `${usd(p.usage.cost_usd)} · ${num(p.usage.prompt_tokens)} + ${num(p.usage.completion_tokens)} tokens`],
      [
        "metrics",
        m
          ? `${num(m.views)} views · ${pct(m.engagement_rate)} engagement · ${num(m.likes)} likes · ${num(m.replies)} replies`
          : undefined,
      ],
      ["error", p.error ?? undefined],
    ]),
    "",
    p.text,
  ].join("\n");
}

const postRows = (posts) =>
  posts.map((p) => [
    p.id,
    p.persona_id,
    p.origin === "imported" ? `${p.status} (imported)` : p.status,
    when(p.scheduled_at ?? p.published_at ?? p.created_at),
    p.metrics ? num(p.metrics.views) : "—",
    clip(p.hook || p.text, 50),
  ]);
const POST_HEADER = ["ID", "PERSONA", "STATUS", "WHEN", "VIEWS", "HOOK"];

/** Follows GET /v1/tasks/:id/events, printing each step as it changes; resolves with the `done` event. */
async function follow(client, taskId, progress, timeoutMs) {
  const res = await client.request("GET", `/v1/tasks/${e(taskId)}/events`, {
    accept: "text/event-stream",
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok || !res.body) {
    const body = await res.json().catch(() => null);
    throw new CliError(`${res.status}: ${body?.error?.message ?? "event stream unavailable"}`, EXIT.api, body);
  }
  try {
    for await (const { event, data } of readEvents(res.body)) {
      const payload = JSON.parse(data);
      if (event === "step") {
        const meta = payload.error
          ? `${payload.status}: ${payload.error}`
          : [payload.status, took(payload.duration_ms)].filter(Boolean).join(" · ");
        progress(`  ${mark(payload.status)} ${payload.name.padEnd(15)} ${dim(meta)}`);
      }
      if (event === "done") return payload;
      if (event === "timeout")
        throw new CliError(
          `task ${taskId} is still ${payload.status}; follow it with: threads-agent task ${taskId}`,
          EXIT.task,
        );
    }
  } catch (/** @type {any} */ err) {
    if (err instanceof CliError) throw err;
    if (err?.name === "TimeoutError" || err?.name === "AbortError")
      throw new CliError(
        `task ${taskId} did not finish within ${timeoutMs / 1000} s; follow it with: threads-agent task ${taskId}`,
        EXIT.task,
      );
    throw new CliError(
      `event stream broke: ${err.message}; follow it with: threads-agent task ${taskId}`,
      EXIT.connection,
    );
  }
  throw new CliError(
    `event stream closed before task ${taskId} finished; follow it with: threads-agent task ${taskId}`,
    EXIT.connection,
  );
}

export function registerPosts(program, ctx) {
  program
    .command("post <persona>")
    .description("write a post for a persona, following each pipeline step live; prints the stored post")
    .option("--topic <topic>", "what to write about (default: one of the persona's topics)")
    .option("--pain <statement>", "a pain statement to address")
    .option("--trend <snippet>", "a trend snippet to build on")
    .option("--source-url <url>", "repurpose this page or feed entry (added as a source if it is not one)")
    .option("--source-item <id>", "repurpose this item of the persona's sources (threads-agent sources show)")
    .option("--publish <mode>", "now | schedule (next free slot) | draft", "draft")
    .option("--idempotency-key <key>", "repeat-safe: the same key returns the first task")
    .option("--no-wait", "queue the task and print its id without following it")
    .option("--wait-timeout <seconds>", "how long to follow the task", "300")
    .action(async (persona, o) => {
      if (!MODES.includes(o.publish))
        throw usageError(`--publish: expected one of ${MODES.join(", ")}, got '${o.publish}'`);
      const { client, print, progress, json } = ctx();
      const body = {
        persona_id: persona,
        publish: o.publish,
        ...(o.topic ? { topic: o.topic } : {}),
        ...(o.pain ? { pain_statement: o.pain } : {}),
        ...(o.trend ? { trend_snippet: o.trend } : {}),
        ...(o.sourceUrl ? { source_url: o.sourceUrl } : {}),
        ...(o.sourceItem ? { source_item_id: o.sourceItem } : {}),
      };
      const headers = o.idempotencyKey ? { "idempotency-key": o.idempotencyKey } : {};
      const accepted = await client.call("POST", "/v1/tasks", { body, headers });
      if (!o.wait) return print(accepted, `queued task ${accepted.task_id}`);
      progress(`task ${accepted.task_id} for ${persona} (${o.publish})`);
      const done = await follow(client, accepted.task_id, progress, Number(o.waitTimeout) * 1000);
      if (!done.post_id) {
        const task = await client.call("GET", `/v1/tasks/${e(accepted.task_id)}`);
        if (json) print(task);
        throw new CliError(
          `task ${accepted.task_id} ended ${done.status}${done.error ? `: ${done.error}` : ""}`,
          EXIT.task,
        );
      }
      const post = await client.call("GET", `/v1/posts/${e(done.post_id)}`);
      print(post, () => `${green(done.status)} → post ${bold(post.id)} (${post.status})\n${showPost(post)}`);
    });

  const posts = program.command("posts").description("list, show and delete posts");
  posts
    .command("list")
    .option("--persona <id>")
    .option("--status <status>", "draft | scheduled | publishing | published | failed …")
    .option("--origin <origin>", "generated | imported (history import)")
    .option("--limit <n>", "how many (1–100)", "20")
    .action(async (o) => {
      const { client, print } = ctx();
      const q = new URLSearchParams({
        limit: o.limit,
        ...(o.persona ? { persona_id: o.persona } : {}),
        ...(o.status ? { status: o.status } : {}),
        ...(o.origin ? { origin: o.origin } : {}),
      });
      print(await client.call("GET", `/v1/posts?${q}`), (r) => table(POST_HEADER, postRows(r.data)));
    });
  posts.command("show <post>").action(async (id) => {
    const { client, print } = ctx();
    print(await client.call("GET", `/v1/posts/${e(id)}`), showPost);
  });
  posts
    .command("rm <post>")
    .description("delete a post here (a published post stays on Threads)")
    .action(async (id) => {
      const { client, print } = ctx();
      await client.call("DELETE", `/v1/posts/${e(id)}`);
      print({ deleted: id }, `deleted post ${id}`);
    });

  program
    .command("publish <post>")
    .description("publish a draft, scheduled or failed post now (never twice)")
    .action(async (id) => {
      const { client, print } = ctx();
      const p = await client.call("POST", `/v1/posts/${e(id)}/publish`);
      print(p, `post ${p.id} queued for publishing (${p.status})`);
    });

  program
    .command("schedule <post>")
    .description("schedule a post at --at, or at its persona's next free slot")
    .option("--at <time>", "ISO 8601 with offset, e.g. 2026-11-24T09:00:00+01:00")
    .action(async (id, o) => {
      const { client, print } = ctx();
      let at = o.at;
      if (at && Number.isNaN(Date.parse(at))) throw usageError(`--at: not an ISO 8601 time: '${at}'`);
      if (!at) {
        const post = await client.call("GET", `/v1/posts/${e(id)}`);
        const slots = await client.call("GET", `/v1/personas/${e(post.persona_id)}/schedule`);
        at = slots.slots.find((s) => s.post_id === null)?.at;
        if (!at) throw new CliError(`persona ${post.persona_id} has no free slot; pass --at`, EXIT.usage);
      }
      const p = await client.call("POST", `/v1/posts/${e(id)}/schedule`, { body: { at } });
      print(p, `post ${p.id} scheduled for ${when(p.scheduled_at)}`);
    });

  program
    .command("unschedule <post>")
    .description("take a scheduled post back to draft")
    .action(async (id) => {
      const { client, print } = ctx();
      const p = await client.call("DELETE", `/v1/posts/${e(id)}/schedule`);
      print(p, `post ${p.id} is a draft again`);
    });

  program
    .command("task <id>")
    .description("a task's status and steps with timings")
    .action(async (id) => {
      const { client, print } = ctx();
      print(await client.call("GET", `/v1/tasks/${e(id)}`), (t) =>
        [
          fields([
            ["task", bold(t.id)],
            ["persona", t.persona_id],
            ["status", t.status],
            ["post", t.post_id],
            ["error", t.error ?? undefined],
            ["took", took(t.duration_ms) || "—"],
          ]),
          table(
            ["", "STEP", "STATUS", "TOOK"],
            t.steps.map((s) => [
              mark(s.status),
              s.name,
              s.error ? `${s.status}: ${s.error}` : s.status,
              took(s.duration_ms),
            ]),
          ),
        ].join("\n"),
      );
    });
}
