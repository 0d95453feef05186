import { z } from "@hono/zod-openapi";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { Slug } from "../api/schemas/common.ts";
import { KpiQuery } from "../api/schemas/kpis.ts";
import { ScheduleAt } from "../api/schemas/publishing.ts";
import { ScoreRequest } from "../api/schemas/experiments.ts";
import { DailyReportQuery } from "../api/schemas/reports.ts";
import { CompetitiveRequest, TrendsRequest } from "../api/schemas/search.ts";
import { CreateTask } from "../api/schemas/tasks.ts";
import { MAX_SOURCE_TEXT_CHARS } from "../api/schemas/sources.ts";
import { TERMINAL_TASK_STATUSES, type TaskStatus } from "../db/schema/index.ts";
import type { CallRoute, RouteAnswer } from "./in-process.ts";
import { registerReplyTools } from "./reply-tools.ts";

// Each tool's input schema is the API's own zod schema for that route (the same object, or the
// route's id parameter added to it), and each tool runs the route itself (in-process.ts).

const PostId = z.string().min(1).max(100).openapi({ description: "a post id, e.g. pst_…" });
/** How long draft_post waits for the pipeline; the offline model needs seconds, a real LLM up to a minute. */
const DRAFT_WAIT_MS = 90_000;
const POLL_MS = 300;

const e = encodeURIComponent;
const query = (q: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
};

const text = (value: unknown): CallToolResult => ({
  content: [{ type: "text", text: JSON.stringify(value, null, 2) }],
});
const failure = (message: string): CallToolResult => ({ isError: true, content: [{ type: "text", text: message }] });

/** A route's answer as a tool result: the JSON on success, the API's error message otherwise. */
function result(a: RouteAnswer): CallToolResult {
  if (a.status < 400) return text(a.body);
  const err = (a.body as { error?: { code?: string; message?: string } } | null)?.error;
  return failure(`${a.status} ${err?.code ?? "error"}: ${err?.message ?? "request failed"}`);
}

async function waitForTask(call: CallRoute, taskId: string, deadline: number): Promise<RouteAnswer> {
  for (;;) {
    const task = await call("GET", `/v1/tasks/${e(taskId)}`);
    const status = (task.body as { status?: TaskStatus } | null)?.status;
    if (task.status >= 400 || (status && TERMINAL_TASK_STATUSES.includes(status)) || Date.now() >= deadline)
      return task;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export function registerTools(server: McpServer, call: CallRoute): void {
  server.registerTool(
    "list_personas",
    {
      title: "List personas",
      description: "Every persona with its id, name, voice, topics, schedule and autopilot setting.",
      inputSchema: { after: Slug.optional() },
    },
    async ({ after }) => result(await call("GET", `/v1/personas${query({ limit: "100", after })}`)),
  );

  server.registerTool(
    "draft_post",
    {
      title: "Write a post",
      description:
        "Runs the pipeline (trend research, retrieval from the persona's sources, hook, body, guardrail, format, dedup) for a persona and returns the stored post with the sources it was written from. source_url or source_item_id repurposes one page or feed entry. publish: draft (default), schedule (next free slot) or now. Waits up to 90 s; if the task is still running it returns the task so you can check it again.",
      inputSchema: CreateTask,
    },
    async (input) => {
      const accepted = await call("POST", "/v1/tasks", input);
      if (accepted.status >= 400) return result(accepted);
      const { task_id } = accepted.body as { task_id: string };
      const task = await waitForTask(call, task_id, Date.now() + DRAFT_WAIT_MS);
      const t = task.body as { status: TaskStatus; post_id: string | null; error: string | null };
      if (task.status >= 400) return result(task);
      if (!TERMINAL_TASK_STATUSES.includes(t.status))
        return text({ note: `task ${task_id} is still ${t.status}; call get_task later`, task: t });
      if (!t.post_id) return failure(`task ${task_id} ended ${t.status}${t.error ? `: ${t.error}` : ""}`);
      return result(await call("GET", `/v1/posts/${e(t.post_id)}`));
    },
  );

  server.registerTool(
    "get_task",
    {
      title: "Task status",
      description: "A generation task's status, each step with timings, and its post id.",
      inputSchema: { task_id: z.string().min(1).max(100) },
    },
    async ({ task_id }) => result(await call("GET", `/v1/tasks/${e(task_id)}`)),
  );

  server.registerTool(
    "get_post",
    {
      title: "Get a post",
      description: "A post with its text, status, cost, Threads ids and latest metrics.",
      inputSchema: { post_id: PostId },
    },
    async ({ post_id }) => result(await call("GET", `/v1/posts/${e(post_id)}`)),
  );

  server.registerTool(
    "publish_post",
    {
      title: "Publish a post now",
      description: "Publishes a draft, scheduled or failed post to Threads now. Never posts twice.",
      inputSchema: { post_id: PostId },
    },
    async ({ post_id }) => result(await call("POST", `/v1/posts/${e(post_id)}/publish`)),
  );

  server.registerTool(
    "schedule_post",
    {
      title: "Schedule a post",
      description:
        "Schedules a draft at `at` (ISO 8601 with offset), or at its persona's next free slot when `at` is omitted.",
      inputSchema: ScheduleAt.partial().extend({ post_id: PostId }),
    },
    async ({ post_id, at }) => {
      let when = at;
      if (!when) {
        const post = await call("GET", `/v1/posts/${e(post_id)}`);
        if (post.status >= 400) return result(post);
        const schedule = await call(
          "GET",
          `/v1/personas/${e((post.body as { persona_id: string }).persona_id)}/schedule`,
        );
        if (schedule.status >= 400) return result(schedule);
        when = (schedule.body as { slots: { at: string; post_id: string | null }[] }).slots.find(
          (s) => s.post_id === null,
        )?.at;
        if (!when) return failure("the persona has no free slot in its schedule; pass `at`");
      }
      return result(await call("POST", `/v1/posts/${e(post_id)}/schedule`, { at: when }));
    },
  );

  server.registerTool(
    "trend_check",
    {
      title: "Trend check",
      description:
        "What is trending about a topic: phrases several recent results share, scored by count and freshness, with sources.",
      inputSchema: TrendsRequest,
    },
    async (input) => result(await call("POST", "/v1/search/trends", input)),
  );

  server.registerTool(
    "competitive_analysis",
    {
      title: "Competitive analysis",
      description: "What already works for a topic: viral examples, their hook patterns with counts, common keywords.",
      inputSchema: CompetitiveRequest,
    },
    async (input) => result(await call("POST", "/v1/search/competitive", input)),
  );

  server.registerTool(
    "get_kpis",
    {
      title: "KPIs",
      description:
        "Engagement rate, followers gained, LLM cost, cost per follow and projected monthly revenue against their goals (window 7d or 30d).",
      inputSchema: KpiQuery,
    },
    async (input) => result(await call("GET", `/v1/kpis${query(input)}`)),
  );

  server.registerTool(
    "daily_report",
    {
      title: "Daily report",
      description: "One UTC day (default yesterday): task success rate, latency, costs, alerts, top and bottom posts.",
      inputSchema: DailyReportQuery,
    },
    async (input) => result(await call("GET", `/v1/reports/daily${query(input)}`)),
  );

  server.registerTool(
    "experiment_results",
    {
      title: "Experiment results",
      description:
        "With an id: the experiment's per-arm figures (posts, views, engagement rate with interval, chance to be best) and its decision. Without: every experiment.",
      inputSchema: { id: z.string().min(1).max(100).optional(), persona_id: Slug.optional() },
    },
    async ({ id, persona_id }) =>
      result(await call("GET", id ? `/v1/experiments/${e(id)}` : `/v1/experiments${query({ persona_id })}`)),
  );

  registerReplyTools(server, call);
  server.registerTool(
    "score_text",
    {
      title: "Score a text",
      description:
        "The viral score of a text (0..1, 0.5 = as engaging as the persona's typical post), its predicted engagement rate and whether it passes the quality gate. With persona_id, also the persona's learned model's view (docs/score.md).",
      inputSchema: ScoreRequest,
    },
    async (input) => result(await call("POST", "/v1/score", input)),
  );

  server.registerTool(
    "score_model",
    {
      title: "What the score learned",
      description:
        "The persona's score models: the learned model's posts fitted, whether the gate uses it, and its time-ordered held-out Spearman beside length alone and the prior alone.",
      inputSchema: { persona_id: Slug },
    },
    async ({ persona_id }) => result(await call("GET", `/v1/personas/${e(persona_id)}/score-model`)),
  );

  server.registerTool(
    "best_times",
    {
      title: "Best times to post",
      description:
        "The persona's best local weekday × hour to post, from its imported and measured posts (empirical Bayes, shrunk toward its schedule).",
      inputSchema: { persona_id: Slug },
    },
    async ({ persona_id }) => result(await call("GET", `/v1/personas/${e(persona_id)}/best-times`)),
  );

  server.registerTool(
    "history_sync",
    {
      title: "Import the account's past posts",
      description:
        "Starts (or answers the running) import of the linked Threads account's earlier posts and their insights, as posts with origin 'imported'. Returns the job; check it with history_status.",
      inputSchema: { persona_id: Slug },
    },
    async ({ persona_id }) => result(await call("POST", `/v1/personas/${e(persona_id)}/history/sync`)),
  );

  server.registerTool(
    "history_status",
    {
      title: "History imports",
      description: "With job_id: that history sync's status and counts. Without: the persona's syncs, newest first.",
      inputSchema: { persona_id: Slug, job_id: z.string().min(1).max(100).optional() },
    },
    async ({ persona_id, job_id }) =>
      result(await call("GET", `/v1/personas/${e(persona_id)}/history/jobs${job_id ? `/${e(job_id)}` : ""}`)),
  );

  server.registerTool(
    "list_sources",
    {
      title: "List a persona's sources",
      description:
        "The persona's pages, feeds and pasted notes that posts are written from: kind, status, items, chunks, last fetch and last error. With source_id: that source and its items (an item's id can be passed to draft_post as source_item_id).",
      inputSchema: { persona_id: Slug, source_id: z.string().min(1).max(100).optional() },
    },
    async ({ persona_id, source_id }) =>
      result(
        await call(
          "GET",
          source_id
            ? `/v1/personas/${e(persona_id)}/sources/${e(source_id)}`
            : `/v1/personas/${e(persona_id)}/sources?limit=100`,
        ),
      ),
  );

  server.registerTool(
    "add_source",
    {
      title: "Add a source",
      description:
        "Adds a page or RSS/Atom feed by `url` (fetched now: robots.txt respected, https only in production), or pasted notes as `text` with a `title` (up to 100 KB). Paragraphs with prompt injection or personal data are left out. Returns the source with its status (ready, or failed with last_error).",
      inputSchema: {
        persona_id: Slug,
        url: z.string().min(1).max(2048).optional(),
        text: z.string().min(1).max(MAX_SOURCE_TEXT_CHARS).optional(),
        title: z.string().min(1).max(200).optional(),
      },
    },
    async ({ persona_id, ...body }) => result(await call("POST", `/v1/personas/${e(persona_id)}/sources`, body)),
  );

  server.registerTool(
    "remove_source",
    {
      title: "Remove a source",
      description: "Deletes a source with its items, chunks and their vectors.",
      inputSchema: { persona_id: Slug, source_id: z.string().min(1).max(100) },
    },
    async ({ persona_id, source_id }) =>
      result(await call("DELETE", `/v1/personas/${e(persona_id)}/sources/${e(source_id)}`)),
  );
}
