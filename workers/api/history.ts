// Mounted at /v1/personas: the account's earlier posts (import from a file, sync from Threads,
// the sync's status and progress) and the best times to post learned from them.
import { createRoute, z } from "@hono/zod-openapi";
import { engagementHistory } from "../db/history.ts";
import { getHistoryJob, listHistoryJobs } from "../db/history-jobs.ts";
import { getPersona } from "../db/personas.ts";
import { getAccount } from "../db/threads-accounts.ts";
import { personaAgent } from "../durable/persona-agent.ts";
import { AppError, notFound } from "../errors.ts";
import { bestTimesFor } from "../history/best-times-report.ts";
import { MAX_IMPORT_POSTS, rowsFromCsv, rowsFromJson } from "../history/parse-file.ts";
import { startHistorySync } from "../history/start.ts";
import { unwrapRpc } from "../rpc-result.ts";
import { refitAfterImport } from "../score/learned-score.ts";
import { streamHistoryEvents } from "./history-events.ts";
import { newRouter } from "./router.ts";
import { Limit, Slug, bearer, errorResponses, json, safeString } from "./schemas/common.ts";
import { BestTimesReport, HistoryFile, HistoryImportResult, HistoryJob, historyJobJson } from "./schemas/history.ts";

const IdParam = z.object({ id: Slug });
const JobParams = z.object({ id: Slug, job_id: safeString().min(1).max(100) });

async function requirePersona(db: Parameters<typeof getPersona>[0], id: string) {
  const persona = await getPersona(db, id);
  if (!persona) throw notFound("persona", id);
  return persona;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "body: malformed JSON", { field: "body" });
  }
}

export const HISTORY_IMPORT_PATH = /^\/v1\/personas\/[^/]+\/history$/;

export const historyApi = newRouter();

// A plain route: the body is JSON or CSV, read and checked row by row here (parse-file.ts), so the
// 400 names the row and field and counts every rejected row. Described in the spec below.
historyApi.post("/:id/history", async (c) => {
  const id = Slug.safeParse(c.req.param("id"));
  if (!id.success)
    throw new AppError("bad_request", `id: ${id.error.issues[0]?.message ?? "invalid"}`, { field: "id" });
  const personaId = id.data;
  await requirePersona(c.var.db, personaId);
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  const now = Date.now();
  const text = await c.req.text();
  const rows = type === "text/csv" ? rowsFromCsv(text, now) : rowsFromJson(parseJson(text), now);
  const stored = unwrapRpc(await personaAgent(c.env, personaId).importHistory(personaId, rows));
  if (stored.imported > 0) await refitAfterImport(c.var.db, personaId, Date.now());
  return c.json(
    {
      persona_id: personaId,
      received: rows.length,
      imported: stored.imported,
      duplicates: stored.duplicates,
      rejected: 0,
    },
    200,
  );
});

historyApi.openAPIRegistry.registerPath({
  method: "post",
  path: "/{id}/history",
  tags: ["history"],
  security: bearer,
  description: `Imports the account's earlier posts from a file: JSON {"posts":[…]} or CSV (content-type text/csv) with a header of the same names; up to ${MAX_IMPORT_POSTS} posts, counts other than views optional. They are stored as posts with origin "imported" (never published, not in our KPIs or costs), with one insights reading, and join the persona's dedup index. All or nothing: a bad row is a 400 naming the row and field (details.problems lists the first 50, details.rejected counts them) and nothing is stored. A post already stored (same text and minute, or the same Threads media id) is a duplicate.`,
  request: {
    params: IdParam,
    body: {
      required: true,
      content: {
        "application/json": { schema: HistoryFile },
        "text/csv": {
          schema: z.string().openapi({
            example: "text,published_at,views,likes\nMost founders price too low.,2026-03-01T09:30:00Z,1200,48\n",
          }),
        },
      },
    },
  },
  responses: {
    200: { description: "What was imported", ...json(HistoryImportResult) },
    ...errorResponses(400, 401, 404, 413, 415),
  },
});

historyApi
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/history/sync",
      tags: ["history"],
      security: bearer,
      description:
        "Reads the linked account's posts from Threads (GET /me/threads, newest first, up to HISTORY_SYNC_MAX_POSTS) with each post's insights, as a background job: resumable from its stored cursor, retried with backoff when Threads throttles or fails, idempotent (a post already imported is a duplicate). One sync per persona at a time: while one runs this answers it (200). Linking an account starts one too (HISTORY_SYNC_ON_LINK).",
      request: { params: IdParam },
      responses: {
        202: { description: "The sync started", ...json(HistoryJob) },
        200: { description: "A sync is already running: that one", ...json(HistoryJob) },
        ...errorResponses(400, 401, 404, 409),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await requirePersona(c.var.db, id);
      const account = await getAccount(c.var.db, id);
      if (!account)
        throw new AppError(
          "conflict",
          `persona '${id}' has no Threads account linked; link one with PUT /v1/personas/${id}/threads-account`,
          { id },
        );
      const { job, started } = await startHistorySync(c.env, c.var.db, id, "manual", Date.now());
      return started ? c.json(historyJobJson(job), 202) : c.json(historyJobJson(job), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/history/jobs",
      tags: ["history"],
      security: bearer,
      request: { params: IdParam, query: z.object({ limit: Limit }) },
      responses: {
        200: {
          description: "The persona's history syncs, newest first",
          ...json(z.object({ data: z.array(HistoryJob) })),
        },
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await requirePersona(c.var.db, id);
      const jobs = await listHistoryJobs(c.var.db, id, c.req.valid("query").limit);
      return c.json({ data: jobs.map(historyJobJson) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/history/jobs/{job_id}",
      tags: ["history"],
      security: bearer,
      request: { params: JobParams },
      responses: {
        200: { description: "The sync's status and counts", ...json(HistoryJob) },
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { id, job_id } = c.req.valid("param");
      const job = await getHistoryJob(c.var.db, job_id);
      if (!job || job.personaId !== id) throw notFound("history job", job_id);
      return c.json(historyJobJson(job), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/history/jobs/{job_id}/events",
      tags: ["history"],
      security: bearer,
      description:
        "Server-Sent Events: a `progress` event (the job as JSON) whenever its counts change, then `done` when it ends (`timeout` after 10 minutes: reconnect).",
      request: { params: JobParams },
      responses: {
        200: { description: "An event stream", content: { "text/event-stream": { schema: z.string() } } },
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { id, job_id } = c.req.valid("param");
      const job = await getHistoryJob(c.var.db, job_id);
      if (!job || job.personaId !== id) throw notFound("history job", job_id);
      return streamHistoryEvents(c, job_id);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/best-times",
      tags: ["history"],
      security: bearer,
      description:
        "Engagement rate per local weekday × hour (the persona's time zone) from its imported and measured posts, estimated by empirical Bayes: each cell shrunk toward its hour, each hour toward the persona's schedule hours or the other hours, those toward the persona's mean (docs/history.md). Without posts the best times are the schedule's own hours.",
      request: { params: IdParam },
      responses: { 200: { description: "Best times", ...json(BestTimesReport) }, ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const persona = await requirePersona(c.var.db, id);
      const points = await engagementHistory(c.env.DB, id);
      return c.json(bestTimesFor(persona, points), 200);
    },
  );
