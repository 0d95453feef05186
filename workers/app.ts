import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { alertsApi } from "./api/alerts.ts";
import { kpisApi } from "./api/kpis.ts";
import { dedupApi } from "./api/dedup.ts";
import { experimentsApi } from "./api/experiments.ts";
import { scoreApi } from "./api/score.ts";
import { personasApi } from "./api/personas.ts";
import { reportsApi } from "./api/reports.ts";
import { postsApi } from "./api/posts.ts";
import { searchApi } from "./api/search.ts";
import { tasksApi } from "./api/tasks.ts";
import { healthApi } from "./api/health.ts";
import { oauthCallbackApi } from "./api/oauth-callback.ts";
import { personaScheduleApi } from "./api/persona-schedule.ts";
import { postPublishingApi } from "./api/post-publishing.ts";
import { threadsAccountsApi } from "./api/threads-accounts.ts";
import { HISTORY_IMPORT_PATH, historyApi } from "./api/history.ts";
import { SOURCES_PATH, sourcesApi } from "./api/sources.ts";
import { serveFakeThreads } from "./fake-threads/bundle.ts";
import { setWebhookSink } from "./fake-threads/webhook-sink.ts";
import { webhooksApi } from "./api/webhooks.ts";
import { postRepliesApi, repliesApi } from "./api/replies.ts";
import { requireApiKey } from "./api/auth.ts";
import { auditApi } from "./api/audit.ts";
import { keysApi } from "./api/keys.ts";
import { auditMutations } from "./api/audit-mutations.ts";
import { authorize } from "./api/authorize.ts";
import { oauthConsentApi } from "./api/oauth-consent.ts";
import { stampScopes } from "./access/spec-scopes.ts";
import { RouteTable } from "./access/route-scopes.ts";
import { bodyGuard } from "./api/body-guard.ts";
import { describePlainRoutes } from "./api/spec-extras.ts";
import { requestId } from "./api/request-id.ts";
import { securityHeaders } from "./api/security-headers.ts";
import type { AppEnv } from "./api/router.ts";
import { services } from "./services.ts";
import { AppError } from "./errors.ts";
import { errorJson } from "./api/error-body.ts";
import { EXPOSITION_CONTENT_TYPE } from "./metrics/exposition.ts";
import { mcpHandler } from "./mcp/handler.ts";
import { renderMetrics } from "./metrics/scrape.ts";
import { limitSeriesToPersonas } from "./metrics/persona-filter.ts";
import { requestMetrics } from "./metrics/telemetry.ts";
import { logError } from "./log.ts";

const MAX_BODY_BYTES = 64 * 1024;
/** POST /v1/personas/:id/history carries up to 5,000 posts of up to 500 characters each (and …/sources up to 100 KB of text). */
const MAX_IMPORT_BODY_BYTES = 8 * 1024 * 1024;

function serveAsset(c: Context<AppEnv>, path: string): Promise<Response> {
  const url = new URL(c.req.url);
  url.pathname = path;
  return c.env.ASSETS.fetch(new Request(url, c.req.raw));
}

export function buildApp() {
  const app = new OpenAPIHono<AppEnv>();

  app.use("*", requestId);
  app.use("*", securityHeaders);
  app.use("*", async (c, next) => {
    // Built once per env object (workers/services.ts); the routes read them from the context.
    const s = services(c.env);
    c.set("services", s);
    c.set("db", s.db);
    c.set("settings", s.settings);
    await next();
  });

  app.use("*", requestMetrics());

  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError("payload_too_large", `request body over ${MAX_BODY_BYTES} bytes`, {
        field: "body",
        max_bytes: MAX_BODY_BYTES,
      });
    },
  });
  const limitImport = bodyLimit({
    maxSize: MAX_IMPORT_BODY_BYTES,
    onError: () => {
      throw new AppError("payload_too_large", `request body over ${MAX_IMPORT_BODY_BYTES} bytes`, {
        field: "body",
        max_bytes: MAX_IMPORT_BODY_BYTES,
      });
    },
  });
  app.use("/v1/*", (c, next) =>
    c.req.method === "POST" && (HISTORY_IMPORT_PATH.test(c.req.path) || SOURCES_PATH.test(c.req.path))
      ? limitImport(c, next)
      : limitBody(c, next),
  );
  // The spec's routes with their scopes (workers/access/route-scopes.ts), matched per request.
  let routes: RouteTable | null = null;
  const table = () => (routes ??= new RouteTable(stampScopes(app.openAPIRegistry)));
  app.use("/v1/*", requireApiKey);
  app.use("/v1/*", auditMutations(table));
  app.use("/v1/*", authorize(table));
  app.use("/v1/*", bodyGuard);
  app.use("/mcp", limitBody);
  app.use("/mcp", requireApiKey);
  app.use("/mcp", authorize(table));
  // Business numbers: Prometheus scrapes with `authorization: { credentials: <API_KEY> }`.
  app.use("/metrics", requireApiKey);
  app.use("/metrics", authorize(table));

  app.route("/health", healthApi);
  app.route("/v1/personas", personasApi);
  app.route("/v1/personas", threadsAccountsApi);
  app.route("/v1/personas", personaScheduleApi);
  app.route("/v1/personas", historyApi);
  app.route("/v1/personas", sourcesApi);
  app.route("/v1/tasks", tasksApi);
  app.route("/v1/posts", postsApi);
  app.route("/v1/posts", postPublishingApi);
  app.route("/v1/search", searchApi);
  app.route("/v1", dedupApi); // /v1/dedup/compare and /v1/personas/:id/dedup/*
  app.route("/v1/experiments", experimentsApi);
  app.route("/v1", scoreApi); // /v1/score and /v1/personas/:id/score-model
  app.route("/v1/kpis", kpisApi);
  app.route("/v1/alerts", alertsApi);
  app.route("/v1/reports", reportsApi);
  app.route("/v1/replies", repliesApi);
  app.route("/v1/posts", postRepliesApi);
  app.route("/webhooks", webhooksApi); // authenticated by Meta's verify token and signature, not the API key
  app.route("/v1", keysApi); // /v1/keys and /v1/me
  app.route("/v1/audit", auditApi);
  app.route("/oauth/threads", oauthCallbackApi);
  app.route("/oauth", oauthConsentApi); // GET/POST /oauth/authorize: the MCP OAuth consent page // authorised by its one-time state, not the API key
  // 404s unless FAKE_THREADS_ENABLED, and in a build without the fake (production).
  app.all("/fake-threads", (c) => serveFakeThreads(c.req.raw, c.env));
  app.all("/fake-threads/*", (c) => serveFakeThreads(c.req.raw, c.env));

  app.get("/metrics", async (c) => {
    const unflushed = c.var.services.telemetry.unflushed();
    const body = await renderMetrics({
      db: c.var.db,
      now: Date.now(),
      revenueModel: c.var.settings.observability.revenueModel,
      unflushed,
    });
    const only = c.var.principal.personaIds;
    return c.body(only ? limitSeriesToPersonas(body, only) : body, 200, { "content-type": EXPOSITION_CONTENT_TYPE });
  });

  describePlainRoutes(app);
  table(); // stamps x-scope on every operation before the spec is first served
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "threads-agent",
      version: "1.0.0",
      description:
        "Writes, checks and publishes Threads posts for personas. Send Authorization: Bearer <API_KEY> on /v1 routes.",
    },
  });
  // Swagger UI from the assets (dashboard/api-docs/): no inline script or style, so the default CSP holds.
  app.get("/docs", (c) => serveAsset(c, "/api-docs/"));

  // MCP (docs/mcp.md): stateless Streamable HTTP, so only POST; the tools call the routes above.
  app.post("/mcp", mcpHandler(app));
  app.on(["GET", "DELETE"], "/mcp", (c) =>
    errorJson(c, "method_not_allowed", "this MCP server is stateless: send JSON-RPC with POST /mcp", {
      headers: { allow: "POST" },
    }),
  );

  app.get("/", (c) => c.redirect("/dashboard/"));
  app.get("/dashboard", (c) => c.redirect("/dashboard/"));
  // The dashboard folder is the assets root; strip the mount prefix before asking for the file.
  app.get("/dashboard/*", (c) => serveAsset(c, new URL(c.req.url).pathname.slice("/dashboard".length) || "/"));

  app.notFound((c) => errorJson(c, "not_found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`));

  app.onError((err, c) => {
    if (err instanceof AppError) {
      if (err.retryAfterSeconds !== undefined) c.header("retry-after", String(Math.ceil(err.retryAfterSeconds)));
      return errorJson(c, err.code, err.message, { details: err.details });
    }
    if (err instanceof HTTPException && err.status === 415) {
      // zod-openapi's media-type gate, on routes outside /v1 (the body guard answers for /v1).
      return errorJson(c, "unsupported_media_type", "content-type: the body must be application/json", {
        details: { field: "content-type" },
      });
    }
    if (err instanceof HTTPException && err.status < 500) {
      // Hono raises these for unreadable bodies (malformed JSON) before zod sees them.
      const message = /json/i.test(err.message) ? "body: malformed JSON" : err.message;
      return errorJson(c, "bad_request", message, { details: { field: "body" } });
    }
    logError("http.unhandled", {
      request_id: c.var.requestId,
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      error: err.message,
    });
    return errorJson(c, "internal", "internal error");
  });

  // The fake Threads' simulated audience delivers its webhooks to this app, in-process.
  // Its own ExecutionContext: the middleware hands work to waitUntil (telemetry flush), and a
  // delivery counts as done once that work finished, as it would for a real request.
  setWebhookSink(async (request, env) => {
    const pending: Promise<unknown>[] = [];
    const ctx = {
      waitUntil: (p: Promise<unknown>) => void pending.push(p),
      passThroughOnException: () => {},
      props: {},
    };
    const res = await app.fetch(request, env, ctx);
    await Promise.allSettled(pending);
    return res;
  });
  return app;
}
